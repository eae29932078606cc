"""Sign-in, sessions, CSRF, lock-out, disabled users and roles (issue 11), on SQLite and
PostgreSQL, through the real ASGI app."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from inspector_app.server import admin, db
from inspector_app.server.auth import iso, utc_now
from inspector_app.server.console import accounts

from .conftest import PASSWORD, csrf_of, person, session_csrf, sign_in

INVALID = "用户名或密码不正确"


def test_sign_in_sets_a_strict_httponly_session_cookie_and_sign_out_ends_it(ctx, client):
    person(ctx, "zhao", "reviewer", display_name="赵审核")
    response = sign_in(client, "zhao", next="/console/inspections")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/inspections"
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("console_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain HTTP, no trusted proxy
    value = client.cookies.get("console_session")
    # Only the SHA-256 of the cookie value is stored.
    with ctx.engine.connect() as conn:
        stored = conn.execute(select(db.web_sessions.c.id_hash)).scalars().all()
    assert stored == [hashlib.sha256(value.encode()).hexdigest()]

    page = client.get("/console/inspections")
    assert page.status_code == 200 and "赵审核" in page.text and 'id="signed-in-user"' in page.text

    out = client.post("/console/logout", data={"csrf_token": csrf_of(page.text)})
    assert out.status_code == 200 and 'id="login-form"' in out.text  # followed to sign-in
    with ctx.engine.connect() as conn:
        assert conn.execute(select(db.web_sessions.c.id_hash)).first() is None
    # The old cookie value is worth nothing now.
    client.cookies.set("console_session", value, path="/console", domain="testserver.local")
    again = client.get("/console/inspections", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/console/login")


def test_forwarded_proto_from_an_untrusted_peer_does_not_make_the_cookie_secure(ctx, client):
    person(ctx, "zhao", "reviewer")
    page = client.get("/console/login")
    data = {"csrf_token": csrf_of(page.text), "name": "zhao", "password": PASSWORD}
    headers = {"X-Forwarded-Proto": "https"}
    untrusted = client.post("/console/login", data=data, headers=headers, follow_redirects=False)
    assert "Secure" not in untrusted.headers["set-cookie"]


def test_is_tls_honours_forwarded_proto_from_a_trusted_proxy(monkeypatch):
    from starlette.requests import Request

    from inspector_app.server.console.pages import is_tls

    def request(client: str, proto: str | None) -> Request:
        headers = [(b"x-forwarded-proto", proto.encode())] if proto else []
        return Request(
            {
                "type": "http",
                "scheme": "http",
                "path": "/console/",
                "headers": headers,
                "client": (client, 5000),
                "server": ("x", 80),
                "query_string": b"",
            }
        )

    assert not is_tls(request("10.0.0.5", "https"))
    monkeypatch.setenv("INSPECTOR_SERVER_TRUSTED_PROXIES", "10.0.0.0/24")
    assert is_tls(request("10.0.0.5", "https"))
    assert not is_tls(request("10.0.0.5", "http"))
    assert not is_tls(request("10.0.1.5", "https"))


def test_every_sign_in_makes_a_new_session_so_a_planted_id_is_never_used(ctx, client):
    person(ctx, "zhao", "reviewer")
    planted = "attacker-chosen-value-1234567890"
    client.cookies.set("console_session", planted, path="/console", domain="testserver.local")
    assert sign_in(client, "zhao").status_code == 303
    first = client.cookies.get("console_session")
    assert first != planted
    assert sign_in(client, "zhao").status_code == 303
    second = client.cookies.get("console_session")
    assert second not in (first, planted)
    with ctx.engine.connect() as conn:
        stored = set(conn.execute(select(db.web_sessions.c.id_hash)).scalars())
    # The session the browser held before signing in again was ended.
    assert stored == {accounts.hash_cookie(second)}


def test_sessions_end_when_idle_or_past_their_absolute_expiry(ctx, client):
    person(ctx, "zhao", "reviewer")
    sign_in(client, "zhao")
    assert client.get("/console/inspections").status_code == 200
    s = db.web_sessions.c
    idle = iso(utc_now() - timedelta(minutes=accounts.IDLE_MINUTES + 1))
    with db.write_transaction(ctx.engine) as conn:
        conn.execute(update(db.web_sessions).values(last_seen_at=idle))
    assert client.get("/console/inspections", follow_redirects=False).status_code == 303
    sign_in(client, "zhao")
    with db.write_transaction(ctx.engine) as conn:
        conn.execute(update(db.web_sessions).values(expires_at=iso(utc_now())))
    assert client.get("/console/inspections", follow_redirects=False).status_code == 303
    with ctx.engine.connect() as conn:
        assert conn.execute(select(s.id_hash)).first() is None


def test_a_post_without_the_sessions_csrf_token_is_refused_403(ctx, client):
    person(ctx, "zhao", "reviewer")
    sign_in(client, "zhao")
    token = session_csrf(client)
    for data in ({}, {"csrf_token": "wrong"}, {"csrf_token": token[:-1]}):
        refused = client.post("/console/logout", data=data)
        assert refused.status_code == 403
        assert "CSRF" in refused.text and 'id="error-message"' in refused.text
    assert client.get("/console/inspections").status_code == 200  # still signed in
    # The sign-in form has its own token (a cookie and the field must match).
    refused = client.post("/console/login", data={"name": "zhao", "password": PASSWORD})
    assert refused.status_code == 403 and "CSRF" in refused.text


def test_lock_out_after_five_failures_with_back_off_and_one_message(ctx, client):
    person(ctx, "zhao", "reviewer")
    unknown = sign_in(client, "nobody", "whatever-password")
    assert unknown.status_code == 401 and INVALID in unknown.text
    for _ in range(accounts.MAX_FAILURES):
        wrong = sign_in(client, "zhao", "not the password!")
        assert wrong.status_code == 401 and INVALID in wrong.text
    u = db.users.c
    with ctx.engine.connect() as conn:
        row = conn.execute(select(u.failed_logins, u.locked_until).where(u.name == "zhao")).one()
    assert row.failed_logins == 5
    until = accounts._parse(row.locked_until)
    assert timedelta(seconds=50) < until - utc_now() <= timedelta(minutes=1)
    # Locked: the right password gets the same answer as a wrong one or an unknown user.
    locked = sign_in(client, "zhao")
    assert locked.status_code == 401 and INVALID in locked.text
    assert "console_session" not in client.cookies
    # The lock ran out; the next failure locks for 2 minutes, the one after for 4.
    for expected in (2, 4):
        with db.write_transaction(ctx.engine) as conn:
            conn.execute(
                update(db.users).where(u.name == "zhao").values(locked_until=iso(utc_now()))
            )
        sign_in(client, "zhao", "still not it!!")
        with ctx.engine.connect() as conn:
            until = accounts._parse(
                conn.execute(select(u.locked_until).where(u.name == "zhao")).scalar_one()
            )
        assert timedelta(minutes=expected - 1) < until - utc_now() <= timedelta(minutes=expected)
    assert [accounts.lock_minutes(n) for n in (4, 5, 6, 7, 8, 20)] == [0, 1, 2, 4, 8, 60]
    # After the lock, the right password works and clears the count.
    with db.write_transaction(ctx.engine) as conn:
        conn.execute(update(db.users).where(u.name == "zhao").values(locked_until=iso(utc_now())))
    assert sign_in(client, "zhao").status_code == 303
    with ctx.engine.connect() as conn:
        assert conn.execute(select(u.failed_logins).where(u.name == "zhao")).scalar_one() == 0


def test_a_disabled_user_cannot_sign_in_and_their_sessions_end(ctx, client):
    person(ctx, "zhao", "reviewer")
    sign_in(client, "zhao")
    assert client.get("/console/inspections").status_code == 200
    admin.set_disabled(ctx.engine, "zhao", True)
    assert client.get("/console/inspections", follow_redirects=False).status_code == 303
    refused = sign_in(client, "zhao")
    assert refused.status_code == 401 and INVALID in refused.text
    admin.set_disabled(ctx.engine, "zhao", False)
    assert sign_in(client, "zhao").status_code == 303


def test_an_inspector_has_no_console_access(ctx, client, laptop):
    admin.set_password(ctx.engine, "wang", PASSWORD)
    refused = sign_in(client, "wang")
    assert refused.status_code == 403
    assert "没有审核台权限" in refused.text
    assert "console_session" not in client.cookies
    # Without a session nothing under /console answers but the sign-in page.
    action = client.post("/console/inspections/x/approve", data={"csrf_token": "x"})
    assert action.status_code == 401


def test_roles_reviewer_pages_and_admin_page_are_separate(ctx, client):
    person(ctx, "root", "admin")
    sign_in(client, "root")
    assert client.get("/console/admin/users").status_code == 200
    denied = client.get("/console/inspections")
    assert denied.status_code == 403 and 'id="error-message"' in denied.text
    token = session_csrf(client, "/console/admin/users")
    post = client.post("/console/inspections/x/defects/y/comment", data={"csrf_token": token})
    assert post.status_code == 403

    person(ctx, "zhao", "reviewer")
    sign_in(client, "zhao")
    assert client.get("/console/admin/users").status_code == 403
    token = session_csrf(client)
    assert client.post("/console/admin/users", data={"csrf_token": token}).status_code == 403


def test_password_rehashed_when_the_hash_parameters_change(ctx, client):
    from argon2 import PasswordHasher

    person(ctx, "zhao", "reviewer")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    u = db.users.c
    with db.write_transaction(ctx.engine) as conn:
        conn.execute(update(db.users).where(u.name == "zhao").values(password_hash=weak))
    assert sign_in(client, "zhao").status_code == 303
    with ctx.engine.connect() as conn:
        stored = conn.execute(select(u.password_hash).where(u.name == "zhao")).scalar_one()
    assert stored != weak and stored.startswith("$argon2id$")
    assert not admin.password_hasher().check_needs_rehash(stored)


@pytest.mark.parametrize("password", ["short", "x" * 257])
def test_set_password_refuses_out_of_range(ctx, password):
    admin.add_user(ctx.engine, "zhao", "reviewer", [])
    with pytest.raises(Exception, match="12–256"):
        admin.set_password(ctx.engine, "zhao", password)
