import threading

from inspector_app.ui.tasks import Task


def test_task_reports_progress_and_result_on_the_gui_thread(qtbot):
    main = threading.get_ident()
    seen, threads = [], []

    def work(progress):
        threads.append(threading.get_ident())
        for i in range(3):
            progress(i + 1, 3, f"第{i + 1}张")
        return "done"

    task = Task(work)
    task.progressed.connect(lambda d, t, text: seen.append((d, t, text, threading.get_ident())))
    with qtbot.waitSignal(task.succeeded, timeout=5000) as result:
        task.start()
    assert result.args == ["done"]
    assert threads[0] != main
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert [s[:3] for s in seen] == [(1, 3, "第1张"), (2, 3, "第2张"), (3, 3, "第3张")]
    assert all(s[3] == main for s in seen)


def test_cancel_takes_effect_at_the_next_progress_report(qtbot):
    started = threading.Event()
    release = threading.Event()

    def work(progress):
        started.set()
        release.wait(5)
        progress(1, 10)
        raise AssertionError("should have been cancelled")

    task = Task(work).start()
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
        release.set()
    assert task.wait(5)


def test_failure_is_one_line(qtbot):
    def work(progress):
        raise ValueError("照片文件已损坏")

    task = Task(work)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        task.start()
    assert blocker.args == ["照片文件已损坏"]
