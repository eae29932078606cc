"""Laptops for sync tests: separate data dirs (separate SQLite files) on the fixture checklist."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from tests.uvicorn_thread import UvicornThread

from inspector_app.domain.model import TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.store.merge import changes_of

FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Callable[[str], App]]:
    """laptop("a") → an App on its own data dir; all closed at the end of the test."""
    made: list[App] = []

    def make(name: str, *, bundled: bool = False) -> App:
        dirs = None if bundled else [FIXTURES]
        app = App(tmp_path / name, actor=f"inspector-{name}", checklist_dirs=dirs)
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


def new_inspection(app: App, **kw):
    args = dict(
        company_name="某某制药有限公司",
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        scope_tags=["sterile"],
        planned_start=date(2026, 11, 24),
        planned_end=date(2026, 11, 25),
        team=[ops.TeamMemberInput("王组长", TeamRole.LEAD)],
    )
    return ops.create_inspection(app, **{**args, **kw})


def first_item(app: App, inspection_id: str) -> str:
    inspection = ops.get_inspection(app, inspection_id)
    return next(iter(ops.checklist_of(app, inspection).items_by_id()))


def rows(app: App, kind: str) -> list[dict]:
    return [e.model_dump(mode="json") for e in app.store.find(kind, include_deleted=True)]


def all_rows(app: App) -> dict[str, list[dict]]:
    from inspector_app.domain.model import ENTITY_TYPES

    return {kind: rows(app, kind) for kind in ENTITY_TYPES}


def entries(app: App, inspection_id: str | None = None):
    return changes_of(app.store, inspection_id)


# ---- a real server (helper SV's FastAPI app) on 127.0.0.1 ---------------------------------


@pytest.fixture(autouse=True)
def _no_keyring_and_fast_retries(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tokens go to the file fallback; retries happen at once (but still happen)."""
    import stamina

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    stamina.set_testing(True, attempts=3)
    yield
    stamina.set_testing(False)


class LiveServer:
    """uvicorn serving the server app in a thread on a free port; `stop()` ends it."""

    def __init__(self, root: Path) -> None:

        from inspector_app.server.app import create_app
        from inspector_app.server.context import open_context
        from inspector_app.server.settings import ServerSettings

        settings = ServerSettings(
            db_url=f"sqlite:///{root / 'server.sqlite'}", blobs_dir=root / "blobs"
        )
        root.mkdir(parents=True, exist_ok=True)
        self.ctx = open_context(settings)
        self.http = UvicornThread(create_app(context=self.ctx))
        self.url = self.http.url
        self.port = self.http.port

    def code_for(self, user: str, role: str = "inspector", teams=("team-1",)) -> str:
        from inspector_app.server import admin, auth

        admin.add_user(self.ctx.engine, user, role, list(teams))
        code, _ = auth.make_enroll_code(self.ctx.engine, user, 1)
        return code

    def state_hash(self, inspection_id: str | None = None) -> str:
        from inspector_app.server.changelog import server_state_hash

        return server_state_hash(self.ctx.engine, inspection_id)

    def stop(self) -> None:
        self.http.stop()
        self.ctx.engine.dispose()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    pytest.importorskip("fastapi")
    live = LiveServer(tmp_path / "server")
    yield live
    live.stop()


def enrolled(app: App, server: LiveServer, user: str, **kw) -> App:
    from inspector_app.operations.sync import enroll

    enroll(app, server.url, server.code_for(user, **kw))
    return app
