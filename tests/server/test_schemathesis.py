"""Property-based requests generated from the app's OpenAPI: the server never answers 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from inspector_app.server.app import create_app
from inspector_app.server.context import open_context
from inspector_app.server.settings import ServerSettings

from .conftest import VERSION_HEADERS, enrol


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schemathesis")
    ctx = open_context(
        ServerSettings(db_url=f"sqlite:///{tmp / 'server.sqlite'}", blobs_dir=tmp / "blobs")
    )
    inspector = enrol(ctx, "inspector", "inspector", ["A"])
    admin = enrol(ctx, "admin", "admin", [])
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(context=ctx))
    operations = [result.ok() for result in schema.get_all_operations()]
    yield operations, {"inspector": inspector.headers, "admin": admin.headers}
    ctx.engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("who", ["inspector", "admin"])
def test_no_server_errors(api, who):
    operations, headers = api
    assert len(operations) >= 12
    for operation in operations:
        _fuzz(operation, {**VERSION_HEADERS, **headers[who]})


def _fuzz(operation, headers: dict[str, str]) -> None:
    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        case = data.draw(operation.as_strategy())
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])

    run()
