"""Browser fixtures: a real inspector-server on 127.0.0.1 (SQLite in tmp_path, and PostgreSQL
when INSPECTOR_TEST_PG_URL is set), console accounts made with the server's own admin
functions, an inspection made and synced by a real laptop App, and Debian's Chromium driven
by Selenium through Debian's chromedriver (never a browser Selenium Manager downloads).

A missing Chromium skips these tests with the command that installs it, except in CI
(CI=true), where it is a failure: the console must be tested there.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.pg import pg_admin, pg_database_url, pg_url_or_skip
from tests.uvicorn_thread import UvicornThread

CHROMIUM = Path(os.environ.get("INSPECTOR_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("INSPECTOR_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver (or ./dev setup)"
FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"
# The viewport the issue names; screenshots are taken at exactly this size.
VIEWPORT = (1366, 768)

REVIEWER = "reviewer1"
REVIEWER_PASSWORD = "Shenhe-2026-correct"
ADMIN = "admin1"
ADMIN_PASSWORD = "Guanli-2026-correct"
INSPECTOR = "wang"
COMPANY = "华东制药有限公司"


def _is_ci() -> bool:
    return os.environ.get("CI", "") in ("true", "1")


# ---- the browser -------------------------------------------------------------------------


def _chromium_or_skip() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if not missing:
        return
    reason = f"Chromium for the browser tests is missing ({', '.join(missing)}); run: {INSTALL}"
    if _is_ci():
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


def set_viewport(driver: Any, width: int, height: int) -> None:
    """The page's viewport at exactly width x height (a window size would include the
    browser's own bars, so screenshots would not be the size the issue names)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the session (starting it costs about a second)."""
    _chromium_or_skip()
    # Selenium Manager must not look for, download or report anything: paths are given.
    os.environ["SE_AVOID_STATS"] = "true"
    os.environ.setdefault("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in (
        "--headless=new",
        "--no-sandbox",  # containers and CI runners often run as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--lang=zh-CN",
        f"--user-data-dir={profile}",
        f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}",
    ):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    log = tmp_path_factory.mktemp("chromedriver") / "chromedriver.log"
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(log))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Any]:
    """The session's Chromium with no cookies, at 1366x768."""
    chromium.delete_all_cookies()
    set_viewport(chromium, *VIEWPORT)
    yield chromium
    chromium.delete_all_cookies()


# ---- the server --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_template_browser() -> Iterator[tuple[str, str]]:
    """A migrated PostgreSQL database to copy for each test (faster than migrating)."""
    from inspector_app.server import db
    from inspector_app.server.settings import normalise_db_url

    url = pg_url_or_skip()
    name = f"inspector_br_tmpl_{uuid.uuid4().hex[:10]}"
    pg_admin(url, f'CREATE DATABASE "{name}"')
    engine = db.make_engine(normalise_db_url(pg_database_url(url, name)))
    db.migrate(engine)
    engine.dispose()
    yield url, name
    pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "pg"])
def server_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    from inspector_app.server.settings import ServerSettings, normalise_db_url

    if request.param == "sqlite":
        yield ServerSettings(
            db_url=f"sqlite:///{tmp_path / 'server.sqlite'}", blobs_dir=tmp_path / "blobs"
        )
        return
    url, template = request.getfixturevalue("pg_template_browser")
    name = f"inspector_br_{uuid.uuid4().hex[:12]}"
    pg_admin(url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield ServerSettings(
        db_url=normalise_db_url(pg_database_url(url, name)), blobs_dir=tmp_path / "blobs"
    )
    pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class LiveServer:
    """The whole server app (sync API and console) in uvicorn on a free loopback port."""

    def __init__(self, settings: Any) -> None:

        from inspector_app.server.app import create_app
        from inspector_app.server.context import open_context

        self.ctx = open_context(settings)
        self.http = UvicornThread(create_app(context=self.ctx))
        self.url = self.http.url
        self.port = self.http.port

    def code_for(self, user: str, role: str = "inspector", teams: tuple[str, ...] = ()) -> str:
        from inspector_app.server import admin, auth

        admin.add_user(self.ctx.engine, user, role, list(teams))
        code, _ = auth.make_enroll_code(self.ctx.engine, user, 1)
        return code

    def stop(self) -> None:
        self.http.stop()
        self.ctx.engine.dispose()


def add_console_user(ctx: Any, name: str, role: str, password: str, display: str = "") -> None:
    """A person who signs in to the console, made the way `inspector-server user add` and
    `user password` make one (the server's admin functions)."""
    from inspector_app.server import admin

    admin.add_user(ctx.engine, name, role, [], display_name=display or None)
    admin.set_password(ctx.engine, name, password)


@pytest.fixture
def live(server_settings: Any) -> Iterator[LiveServer]:
    pytest.importorskip("fastapi")
    server = LiveServer(server_settings)
    add_console_user(server.ctx, REVIEWER, "reviewer", REVIEWER_PASSWORD, "李审评")
    add_console_user(server.ctx, ADMIN, "admin", ADMIN_PASSWORD, "赵管理")
    yield server
    server.stop()


# ---- the laptop --------------------------------------------------------------------------


def jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (640, 480)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, size[0] - 40, size[1] - 40), outline=(255, 255, 255), width=8)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@dataclass
class Laptop:
    """An inspector's laptop enrolled with the live server, holding one closed inspection."""

    app: Any
    inspection_id: str
    defects: dict[str, str] = field(default_factory=dict)  # facts -> defect id

    def sync(self) -> Any:
        from inspector_app.operations.sync import sync_now

        return sync_now(self.app)


DEFECTS = [
    ("critical", "无菌灌装间A级区沉降菌监测数据缺失三个批次的记录", "灌装车间二楼"),
    ("major", "纯化水系统电导率在线监测报警后未启动偏差调查", "水系统机房"),
    ("general", "称量间电子天平未按规定进行日校准", "称量间"),
]


@pytest.fixture
def laptop(live: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Laptop]:
    """The field side: a real App enrolled as an inspector of team-1, which made an
    inspection with three defects (photos on two), signed and closed it on site, and synced."""
    import stamina

    from inspector_app.domain.model import TeamRole
    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops
    from inspector_app.operations.sync import enroll
    from inspector_app.server import admin

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    stamina.set_testing(True, attempts=3)
    # The server renders the issued report from the same checklist the laptop used.
    admin.add_checklist_file(live.ctx.engine, FIXTURES / "mini-gmp.v1.yaml")
    app = App(tmp_path / "laptop", actor="王建国", checklist_dirs=[FIXTURES])
    try:
        enroll(app, live.url, live.code_for(INSPECTOR, "inspector", ("team-1",)))
        insp = ops.create_inspection(
            app,
            company_name=COMPANY,
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
            scope_tags=["sterile"],
            planned_start=date(2026, 11, 24),
            planned_end=date(2026, 11, 25),
            team=[ops.TeamMemberInput("王建国", TeamRole.LEAD)],
        )
        ops.start_on_site(app, insp.id, on=date(2026, 11, 24))
        laptop = Laptop(app, insp.id)
        items = list(ops.checklist_of(app, insp).items_by_id())
        photo_dir = tmp_path / "photos"
        photo_dir.mkdir()
        for n, (severity, facts, location) in enumerate(DEFECTS):
            defect = ops.add_defect(
                app,
                insp.id,
                severity=severity,
                facts=facts,
                item_id=items[n % len(items)],
                location=location,
                suggested_rectification="查明原因，制定纠正预防措施并评估对已放行批次的影响",
            )
            laptop.defects[facts] = defect.id
            if n < 2:
                photo = photo_dir / f"defect-{n}.jpg"
                photo.write_bytes(jpeg(((180, 60, 60), (60, 90, 170))[n]))
                ops.attach_photo(app, insp.id, photo, defect_id=defect.id, caption=location)
        ops.sign(app, insp.id, "inspector", "王建国")
        ops.sign(app, insp.id, "company", "张经理")
        ops.close_on_site(app, insp.id, on=date(2026, 11, 25))
        laptop.sync()
        yield laptop
    finally:
        app.close()
        stamina.set_testing(False)


SHOTS = Path(__file__).parents[2] / "docs" / "screenshots" / "console"


class Shots:
    """With INSPECTOR_SHOTS=1, pages as PNG in docs/screenshots/console at 1366x768 and
    1280x720, and an issued PDF's first page; otherwise nothing (the walk is the test)."""

    def __init__(self) -> None:
        self.on = os.environ.get("INSPECTOR_SHOTS") == "1"

    def __call__(self, driver: Any, name: str) -> None:
        if not self.on:
            return
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width, height in (VIEWPORT, (1280, 720)):
            set_viewport(driver, width, height)
            time.sleep(0.15)  # a relayout after the resize
            driver.save_screenshot(str(SHOTS / f"{name}-{width}x{height}.png"))
        set_viewport(driver, *VIEWPORT)

    def pdf(self, data: bytes, name: str) -> None:
        """Headless Chromium downloads a PDF instead of showing it: the page the reviewer
        would see in a viewer is drawn by pdftoppm (poppler-utils) at 100 dpi."""
        if not self.on:
            return
        SHOTS.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "issued.pdf"
            source.write_bytes(data)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "100",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(source),
                    str(SHOTS / f"{name}-page1"),
                ],
                check=True,
            )


@pytest.fixture
def shots() -> Shots:
    return Shots()
