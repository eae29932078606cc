"""Review console benchmarks (issue 11), PostgreSQL with 10,000 inspections and 200,000 defects.

The data is SYNTHETIC and built once per run, set-based:
- A real laptop App (bundled GMP checklist) makes one template inspection: 20 defects, one
  photo, signatures, closed on site, and syncs it to the server on PostgreSQL (the real push
  path: signed entries, audit rows, winners). Three more real inspections with 150 defects
  each are synced the same way; they are the ones issued.
- INSERT … SELECT with generate_series then copies the template's rows of `inspections`,
  `changes`, `winners` and `blob_refs` 9,999 times: every id becomes md5(old id ':' n) as a
  UUID (values that name one of the template's ids are mapped the same way, so defects keep
  pointing at their inspection), and company, status, created date, grade and the text of the
  facts vary with n. The copies' signatures do not match their new ids (they are never
  verified here: no laptop pulls them); everything else has the shape the push path writes.
  Total: 10,003 inspections, 200,450 defects.

Figures (server time is the loopback HTTP round trip to uvicorn in this process, an upper
bound of the server's own time):
- filtered review list, p95 ≤ 200 ms;
- defect-log page of one inspection, p95 ≤ 300 ms;
- issuing a 150-defect report (server/review.py: PDF rendered, numbered, stored by hash,
  pushed as signed entries) ≤ 2 s: three inspections issued, then two re-issues. The first
  issue in the process includes the renderer's one-time set-up, as the first issue after a
  worker starts does; the per-sample times are printed.
- in Chromium (Debian's, headless), the review list's DOMContentLoaded ≤ 1 s (navigation timing).

Uses INSPECTOR_TEST_PG_URL, else a throwaway cluster (sync_bench._postgres). A figure that could
not be measured (no PostgreSQL, no console pages, no Chromium) is reported as missing (inf)
with the reason on stderr, never on SQLite instead.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from benchmarks.harness import Benchmark, Target
from benchmarks.sync_bench import _pg_exec, _postgres

COPIES = 9_999  # + the template = 10,000 inspections
TEMPLATE_DEFECTS = 20  # x 10,000 = 200,000 defects
ISSUED_DEFECTS = 150
LIST_ROUNDS = 40
LOG_ROUNDS = 30
ISSUED_INSPECTIONS = 3
REISSUES = 2
BROWSER_ROUNDS = 10
REVIEWER, PASSWORD = "bench-reviewer", "bench-password-2026"
CONSOLE = "/console"
# The filtered list the reviewer asks for most: closed inspections with a critical defect,
# newest first (query parameters of server/console).
LIST_QUERY = {"status": "closed", "grade": "critical", "sort": "planned", "dir": "desc"}
LIST_QUERY["page"] = "2"

_state: dict[str, Any] = {}
_stack = contextlib.ExitStack()
atexit.register(_stack.close)  # the server, the laptop, the database: once, at exit


def _missing(why: str) -> list[float]:
    print(f"console_bench: NOT MEASURED: {why}", file=sys.stderr)
    return [float("inf")]


class _Server:
    """uvicorn with the whole app (API and console) on a free loopback port, in a thread."""

    def __init__(self, ctx: Any) -> None:
        import uvicorn

        from inspector_app.server.app import create_app

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            create_app(context=ctx), log_level="warning", lifespan="off", workers=1
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        self._sock = sock

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self._sock.close()


def _laptop_inspection(app: Any, defects: int, photo: Path) -> str:
    from inspector_app.domain.model import TeamRole
    from inspector_app.operations import inspections as ops

    insp = ops.create_inspection(
        app,
        company_name="华东制药有限公司",
        inspection_type="gmp_compliance",
        checklist_id=_state["checklist_id"],
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 4),
        team=[ops.TeamMemberInput("王建国", TeamRole.LEAD)],
    )
    ops.start_on_site(app, insp.id, on=date(2026, 3, 2))
    items = list(ops.checklist_of(app, insp).items_by_id())
    grades = ["critical"] + ["major"] * 6 + ["general"] * 13
    first = None
    for n in range(defects):
        d = ops.add_defect(
            app,
            insp.id,
            severity=grades[n % len(grades)],
            facts=f"第{n + 1}项：批生产记录中灭菌柜温度曲线与设定值不一致，未见偏差处理记录",
            item_id=items[n % len(items)],
            location="灭菌间",
            suggested_rectification="调查原因并评估对产品质量的影响",
        )
        first = first or d.id
    ops.attach_photo(app, insp.id, photo, defect_id=first, caption="灭菌柜记录")
    ops.sign(app, insp.id, "inspector", "王建国")
    ops.sign(app, insp.id, "company", "张经理")
    ops.close_on_site(app, insp.id, on=date(2026, 3, 4))
    return insp.id


def _copy_sql(template: str) -> list[str]:
    """The set-based copy of the template inspection (see the module docstring)."""

    def m(expr: str) -> str:
        return f"(md5({expr} || ':' || n.n)::uuid)::text"

    value = f"""CASE
        WHEN t.old IS NOT NULL THEN to_json({m("t.old")})
        WHEN x.kind = 'inspection' AND x.field = 'company_name'
            THEN to_json('企业' || (n.n % 397) || '号制药有限公司')
        WHEN x.kind = 'inspection' AND x.field = 'status' AND n.n % 10 = 0
            THEN to_json('on_site'::text)
        WHEN x.kind = 'inspection' AND x.field = 'created_at'
            THEN to_json(to_char(timestamp '2026-01-01' + (n.n % 330) * interval '1 day',
                                 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        WHEN x.kind = 'defect' AND x.field = 'severity' THEN to_json(CASE
            WHEN abs(hashtext(x.record_id || n.n)) % 20 = 0 THEN 'critical'
            WHEN abs(hashtext(x.record_id || n.n)) % 20 < 7 THEN 'major'
            ELSE 'general' END)
        WHEN x.kind = 'defect' AND x.field = 'facts'
            THEN to_json((x.value #>> '{{}}') || '（样本' || n.n || '）')
        ELSE x.value END"""
    ids = "bench_ids"
    join = f"LEFT JOIN {ids} t ON json_typeof(x.value) = 'string' AND t.old = x.value #>> '{{}}'"
    return [
        f"CREATE TEMP TABLE {ids} AS SELECT DISTINCT record_id AS old FROM winners "
        f"WHERE inspection_id = '{template}' UNION SELECT '{template}'",
        f"CREATE TEMP TABLE bench_n AS SELECT generate_series(1, {COPIES}) AS n",
        f"""INSERT INTO inspections (id, team, created_by, created_at)
            SELECT {m("x.id")}, x.team, x.created_by, x.created_at
            FROM inspections x CROSS JOIN bench_n n WHERE x.id = '{template}'""",
        f"""INSERT INTO winners (kind, record_id, field, inspection_id, value, hlc, device_id,
                                 change_id, base_hlc)
            SELECT x.kind, {m("x.record_id")}, x.field, {m("x.inspection_id")}, {value},
                   x.hlc, x.device_id, {m("x.change_id")}, x.base_hlc
            FROM winners x CROSS JOIN bench_n n {join} WHERE x.inspection_id = '{template}'""",
        f"""INSERT INTO changes (change_id, kind, record_id, inspection_id, field, value, hlc,
                                 device_id, base_hlc, user_name, received_at, signature)
            SELECT {m("x.change_id")}, x.kind, {m("x.record_id")}, {m("x.inspection_id")},
                   x.field, {value}, x.hlc, x.device_id, x.base_hlc, x.user_name,
                   x.received_at, x.signature
            FROM changes x CROSS JOIN bench_n n {join} WHERE x.inspection_id = '{template}'
            ORDER BY n.n, x.seq""",
        f"""INSERT INTO blob_refs (sha256, inspection_id)
            SELECT x.sha256, {m("x.inspection_id")}
            FROM blob_refs x CROSS JOIN bench_n n WHERE x.inspection_id = '{template}'""",
        "ANALYZE",
    ]


def _world() -> dict[str, Any] | None:
    """Built once per run: PostgreSQL, the data, a live server, a reviewer's session."""
    if "world" in _state:
        return _state["world"]
    _state["world"] = None
    admin_url = _stack.enter_context(_postgres())
    if admin_url is None:
        _state["why"] = "no PostgreSQL (no INSPECTOR_TEST_PG_URL, no initdb)"
        return None
    import stamina
    from PIL import Image
    from sqlalchemy import text

    from inspector_app.operations import App
    from inspector_app.operations.sync import enroll, sync_now
    from inspector_app.server import admin, auth
    from inspector_app.server.context import open_context
    from inspector_app.server.settings import ServerSettings, normalise_db_url

    name = f"inspector_console_bench_{uuid.uuid4().hex[:8]}"
    _pg_exec(admin_url, f'CREATE DATABASE "{name}"')
    _stack.callback(_pg_exec, admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    root = Path(tempfile.mkdtemp(prefix="inspector-console-bench."))
    _stack.callback(shutil.rmtree, root, True)
    settings = ServerSettings(
        db_url=normalise_db_url(admin_url.rsplit("/", 1)[0] + "/" + name),
        blobs_dir=root / "blobs",
    )
    ctx = open_context(settings)
    _stack.callback(ctx.engine.dispose)
    server = _Server(ctx)
    _stack.callback(server.stop)

    os.environ["INSPECTOR_APP_NO_KEYRING"] = "1"
    stamina.set_testing(True, attempts=3)
    started = time.perf_counter()
    app = App(root / "laptop", actor="王建国")
    _stack.callback(app.close)
    _state["checklist_id"] = "drug-gmp-2010"
    checklist = Path(__file__).parents[1] / "checklists" / "drug-gmp-2010.v1.yaml"
    admin.add_checklist_file(ctx.engine, checklist)
    admin.add_user(ctx.engine, "wang", "inspector", ["team-1"])
    code, _ = auth.make_enroll_code(ctx.engine, "wang", 1)
    enroll(app, server.url, code)
    photo = root / "photo.jpg"
    Image.new("RGB", (800, 600), (120, 140, 160)).save(photo, "JPEG", quality=85)
    template = _laptop_inspection(app, TEMPLATE_DEFECTS, photo)
    issued = [_laptop_inspection(app, ISSUED_DEFECTS, photo) for _ in range(ISSUED_INSPECTIONS)]
    sync_now(app)
    with ctx.engine.begin() as conn:
        for statement in _copy_sql(template):
            conn.execute(text(statement))
        counts = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM inspections),"
                " (SELECT count(DISTINCT record_id) FROM winners WHERE kind = 'defect'),"
                " (SELECT count(*) FROM changes)"
            )
        ).one()
    print(
        f"console_bench: synthetic data: {counts[0]:,} inspections, {counts[1]:,} defects, "
        f"{counts[2]:,} change entries, built in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    _catch_up_summary(ctx)
    admin.add_user(ctx.engine, REVIEWER, "reviewer", [], display_name="基准审评员")
    admin.set_password(ctx.engine, REVIEWER, PASSWORD)
    _state["world"] = {
        "ctx": ctx,
        "url": server.url,
        "template": template,
        "issued": issued,
        "cookies": _sign_in(ctx),
    }
    return _state["world"]


def _catch_up_summary(ctx: Any) -> None:
    """The console's derived list table (when it has one) catches up with the copied rows
    here, once, as it would over the months the data took to arrive, not in a timed request."""
    try:
        from inspector_app.server.console import summary
    except ImportError:
        return
    started = time.perf_counter()
    summary.refresh(ctx.engine)
    print(
        f"console_bench: console summary caught up in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


def _sign_in(ctx: Any) -> dict[str, str] | None:
    """The reviewer's session cookie, made by the console's own sign-in function."""
    try:
        from inspector_app.server.console import accounts
        from inspector_app.server.console.pages import SESSION_COOKIE
    except ImportError:
        return None
    result = accounts.sign_in(ctx.engine, REVIEWER, PASSWORD)
    if result.cookie is None:
        raise RuntimeError(f"console sign-in refused: {result.problem}")
    return {SESSION_COOKIE: result.cookie}


def _timed_gets(path: str, params: dict[str, str] | None, rounds: int) -> list[float]:
    world = _world()
    if world is None:
        return _missing(_state.get("why", "no data"))
    if world["cookies"] is None:
        return _missing("the console (server/console) is not there yet")
    samples = []
    with httpx.Client(base_url=world["url"], cookies=world["cookies"], timeout=30) as client:
        for n in range(rounds + 2):
            start = time.perf_counter()
            response = client.get(path, params=params)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                return _missing(f"GET {path} answered {response.status_code}")
            if n >= 2:  # two warm-up requests: template compilation, connection pool
                samples.append(elapsed)
    return samples


def bench_review_list() -> list[float]:
    return _timed_gets(f"{CONSOLE}/inspections", LIST_QUERY, LIST_ROUNDS)


def bench_defect_log() -> list[float]:
    world = _world()
    if world is None:
        return _missing(_state.get("why", "no data"))
    return _timed_gets(f"{CONSOLE}/inspections/{world['template']}", None, LOG_ROUNDS)


def bench_issue() -> list[float]:
    world = _world()
    if world is None:
        return _missing(_state.get("why", "no data"))
    try:
        from inspector_app.server import review
    except ImportError:
        return _missing("server/review.py is not there yet")
    ctx = world["ctx"]
    samples = []
    for iid in world["issued"]:
        review.approve(ctx, REVIEWER, iid, "同意")  # not timed: the figure is the issuing
        start = time.perf_counter()
        review.issue_report(ctx, REVIEWER, iid)
        samples.append(time.perf_counter() - start)
    for n in range(REISSUES):
        start = time.perf_counter()
        review.reissue(ctx, REVIEWER, world["issued"][0], f"更正第{n + 1}次（基准）")
        samples.append(time.perf_counter() - start)
    print(
        "console_bench: issues, then re-issues: " + ", ".join(f"{x:.2f} s" for x in samples),
        file=sys.stderr,
    )
    return samples


def bench_browser_list() -> list[float]:
    world = _world()
    if world is None:
        return _missing(_state.get("why", "no data"))
    if world["cookies"] is None:
        return _missing("the console (server/console) is not there yet")
    chromium, chromedriver = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
    if not (chromium.exists() and chromedriver.exists()):
        return _missing("no /usr/bin/chromium or /usr/bin/chromedriver (./dev setup)")
    os.environ["SE_AVOID_STATS"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    options.add_argument("--window-size=1366,768")
    driver = webdriver.Chrome(service=Service(str(chromedriver)), options=options)
    try:
        driver.get(world["url"] + CONSOLE + "/login")  # the origin, to set the cookie on
        for name, value in world["cookies"].items():
            driver.add_cookie({"name": name, "value": value, "path": CONSOLE})
        query = "&".join(f"{k}={v}" for k, v in LIST_QUERY.items())
        samples = []
        for n in range(BROWSER_ROUNDS + 1):
            driver.get(f"{world['url']}{CONSOLE}/inspections?{query}")
            dcl = driver.execute_script(
                "const e = performance.getEntriesByType('navigation')[0];"
                "return e.domContentLoadedEventEnd - e.startTime;"
            )
            if n:  # the first load warms the browser's cache of the static assets
                samples.append(float(dcl))
        return samples
    finally:
        driver.quit()


BENCHMARKS = [
    Benchmark(
        "console: review list, filtered, 10,000 inspections (PostgreSQL)",
        11,
        Target(200, "ms", "p95"),
        bench_review_list,
    ),
    Benchmark(
        "console: defect-log page of one inspection (PostgreSQL)",
        11,
        Target(300, "ms", "p95"),
        bench_defect_log,
    ),
    Benchmark(
        "console: issue a 150-defect report (PDF, number, signed entries)",
        11,
        Target(2, "s", "max"),
        bench_issue,
    ),
    Benchmark(
        "console: review list DOMContentLoaded in Chromium (loopback)",
        11,
        Target(1000, "ms", "p95"),
        bench_browser_list,
    ),
]
