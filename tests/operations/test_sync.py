"""The sync verbs and their CLI commands: two laptops and a server converge on the demo."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.sync.conftest import LiveServer

from inspector_app.cli import main
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.operations.demo import seed_demo
from inspector_app.store.merge import laptop_state_hash


@pytest.fixture(autouse=True)
def _file_tokens(monkeypatch: pytest.MonkeyPatch):
    import stamina

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    stamina.set_testing(True, attempts=2)
    yield
    stamina.set_testing(False)


@pytest.fixture
def server(tmp_path: Path):
    pytest.importorskip("fastapi")
    live = LiveServer(tmp_path / "server")
    yield live
    live.stop()


def profiled(data_dir: str | Path, name: str) -> str:
    """A laptop whose inspector profile is set (the audit trail needs a person)."""
    from inspector_app.operations.profile import set_profile

    with App(data_dir) as app:
        set_profile(app, name)
    return str(data_dir)


def introduce(*apps: App) -> None:
    """Every laptop knows every other's public key, as a sync with the server leaves them."""
    from inspector_app.store.keys import DeviceKey, replace_device_keys

    for app in apps:
        replace_device_keys(
            app.store,
            [
                DeviceKey(o.store.device_id, sync_ops.signing_key(o).public_text, o.actor)
                for o in apps
                if o is not app
            ],
        )


def run(argv: Sequence[str]) -> int:
    """The command line as a user runs it: failures are InspectorErrors that main prints."""
    return main(list(argv))


def test_two_laptops_converge_on_the_demo_through_the_cli(tmp_path, server, capsys):
    a_dir, b_dir = profiled(tmp_path / "a", "王检查员"), profiled(tmp_path / "b", "李检查员")
    with App(a_dir) as a:
        iid = seed_demo(a)
    for d, user in ((a_dir, "wang"), (b_dir, "li")):
        assert (
            run(
                ["--data-dir", d, "enroll", "--server", server.url, "--code", server.code_for(user)]
            )
            == 0
        )
        assert "enrolled with" in capsys.readouterr().out
    assert run(["--data-dir", a_dir, "sync"]) == 0
    assert "0 rejected" in capsys.readouterr().out
    assert run(["--data-dir", b_dir, "sync"]) == 0
    with App(b_dir) as b:
        defect = b.store.find("defect", inspection_id=iid)[0]
        ops.update_defect(b, defect.id, {"facts": "B 在现场补充的事实描述"})
    assert run(["--data-dir", b_dir, "sync"]) == 0
    assert run(["--data-dir", a_dir, "sync"]) == 0
    with App(a_dir) as a, App(b_dir) as b:
        assert laptop_state_hash(a.store, iid) == laptop_state_hash(b.store, iid)
        assert laptop_state_hash(a.store, iid) == server.state_hash(iid)
        assert a.store.get("defect", defect.id).facts == "B 在现场补充的事实描述"
        status = sync_ops.sync_status(a)
        assert status.enrolled and status.pending_changes == 0 and status.photos_pending == 0


def test_cli_reports_rejections_and_exits_1(tmp_path, server, capsys):
    from inspector_app.domain.ids import new_id
    from inspector_app.domain.model import Review

    d = profiled(tmp_path / "a", "王检查员")
    assert (
        run(["--data-dir", d, "enroll", "--server", server.url, "--code", server.code_for("wang")])
        == 0
    )
    with App(d) as a:
        iid = seed_demo(a)
        with a.store.write(a.actor) as uow:
            uow.add(
                Review(
                    id=new_id(),
                    inspection_id=iid,
                    state="commented",
                    comment="x",
                    reviewer="wang",
                    created_at="2026-11-23T08:00:00Z",
                )
            )
    capsys.readouterr()
    assert run(["--data-dir", d, "sync"]) == 1
    err = capsys.readouterr().err
    assert "rejected: review" in err and "only reviewers" in err


def test_cli_errors_are_one_line(tmp_path, server, capsys):
    d = str(tmp_path / "a")
    assert run(["--data-dir", d, "sync"]) == 1
    assert capsys.readouterr().err.strip().startswith("inspector-app: no server: enrol first")
    assert run(["--data-dir", d, "enroll", "--server", server.url, "--code", "NOPE"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("inspector-app: enrolment refused") and "\n" not in err
    bad = tmp_path / "bad.bundle"
    bad.write_bytes(b"PK\x03\x04 broken")
    assert run(["--data-dir", d, "bundle", "import", str(bad)]) == 1
    assert "not a bundle" in capsys.readouterr().err


def test_bundle_commands_round_trip(tmp_path, capsys):
    a_dir, b_dir = profiled(tmp_path / "a", "王检查员"), profiled(tmp_path / "b", "李检查员")
    with App(a_dir) as a, App(b_dir) as b:
        introduce(a, b)
        iid = seed_demo(a)
    out = tmp_path / "demo.bundle"
    assert run(["--data-dir", a_dir, "bundle", "export", iid, "-o", str(out)]) == 0
    assert run(["--data-dir", b_dir, "bundle", "import", str(out)]) == 0
    assert "new change(s)" in capsys.readouterr().out
    assert run(["--data-dir", b_dir, "bundle", "import", str(out)]) == 0
    assert f"{iid}: 0 new change(s)" in capsys.readouterr().out
    with App(a_dir) as a, App(b_dir) as b:
        assert laptop_state_hash(a.store) == laptop_state_hash(b.store)
        assert sync_ops.sync_status(b).photos_pending == 0


def test_resolving_a_conflict_keeping_the_winner_just_closes_it(tmp_path):
    from inspector_app.operations.sync import bundle_export as export_bundle
    from inspector_app.operations.sync import bundle_import as import_bundle

    with App(tmp_path / "a", actor="甲") as a, App(tmp_path / "b", actor="乙") as b:
        introduce(a, b)
        iid = seed_demo(a)
        export_bundle(a, iid, tmp_path / "x.bundle")
        import_bundle(b, tmp_path / "x.bundle")
        defect = a.store.find("defect", inspection_id=iid)[0]
        ops.update_defect(a, defect.id, {"location": "甲"})
        ops.update_defect(b, defect.id, {"location": "乙"})
        export_bundle(b, iid, tmp_path / "y.bundle")
        import_bundle(a, tmp_path / "y.bundle")
        (conflict,) = sync_ops.list_conflicts(a)
        pending = sync_ops.sync_status(a).pending_changes
        sync_ops.resolve_conflict(a, conflict["id"], keep="winner")
        assert sync_ops.list_conflicts(a) == [] and sync_ops.sync_status(a).open_conflicts == 0
        assert a.store.get("defect", defect.id).location == "乙"
        assert sync_ops.sync_status(a).pending_changes == pending  # nothing new to send
        with pytest.raises(Exception, match="no open conflict"):
            sync_ops.resolve_conflict(a, conflict["id"], keep="loser")


def test_token_file_is_not_readable_by_others(tmp_path):
    from inspector_app.sync.credentials import CredentialStore

    store = CredentialStore(tmp_path, use_keyring=False)
    assert store.set("http://srv/", "secret") == str(tmp_path / "sync-credentials.json")
    assert os.stat(tmp_path / "sync-credentials.json").st_mode & 0o777 == 0o600
    assert store.get("http://srv") == "secret"
    store.delete("http://srv")
    assert store.get("http://srv") is None


def test_keeping_the_other_value_on_a_locked_inspection_needs_a_reason(tmp_path):
    """Resolving a conflict changes the record, so the lock applies to it like any change."""
    import io

    from PIL import Image

    from inspector_app.domain.errors import DomainError
    from inspector_app.domain.ids import new_id
    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops
    from inspector_app.operations import sync as sync_ops
    from inspector_app.store import tables

    app = App(tmp_path / "lead", actor="组长")
    try:
        insp = ops.create_inspection(
            app,
            company_name="冲突药业",
            inspection_type="gmp_compliance",
            checklist_id="drug-gmp-2010",
        )
        ops.start_on_site(app, insp.id)
        d = ops.add_defect(app, insp.id, severity="general", facts="本机事实")
        png = io.BytesIO()
        Image.new("RGB", (40, 20), "white").save(png, "PNG")
        ops.sign(app, insp.id, "inspector", "组长", png.getvalue())
        ops.sign(app, insp.id, "company", "企业代表", png.getvalue())
        ops.close_on_site(app, insp.id)
        conflict_id = new_id()
        with app.store.write("test") as uow:
            uow.conn.execute(
                tables.conflict.insert().values(
                    id=conflict_id,
                    kind="defect",
                    record_id=d.id,
                    inspection_id=insp.id,
                    field="facts",
                    losing_value="另一台电脑的事实",
                    losing_hlc="000000000000001-000000",
                    losing_device_id="other",
                    winning_value="本机事实",
                    winning_hlc="000000000000002-000000",
                    winning_device_id=app.store.device_id,
                    detected_at="2026-11-23T00:00:00Z",
                )
            )
        try:
            sync_ops.resolve_conflict(app, conflict_id, keep="loser")
        except DomainError as exc:
            assert exc.field == "revision_reason"
        else:
            raise AssertionError("a locked inspection must ask for a revision reason")
        assert ops.load_inspection(app, insp.id).defects[0].facts == "本机事实"
        sync_ops.resolve_conflict(
            app, conflict_id, keep="loser", revision_reason="核对原始记录后采用"
        )
        assert ops.load_inspection(app, insp.id).defects[0].facts == "另一台电脑的事实"
        trail = [e for e in ops.audit_trail(app, insp.id) if e["field"] == "facts"]
        assert "核对原始记录后采用" in trail[-1]["reason"]
    finally:
        app.close()
