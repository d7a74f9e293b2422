"""Step-up re-authentication end to end: sensitive MFA operations answer 403 step_up_required when
the session's last authentication is older than step_up_window (2 s here), and work again with the
fresh access token of POST /v1/auth/step-up. Also the security events these flows record."""

from __future__ import annotations

import time

import jwt
import pyotp
import pytest

from harness import JWT_SECRET, assert_problem
from test_mfa import enrol

WINDOW = 2


@pytest.fixture(scope="module")
def server(module_server_pool):
    return module_server_pool(env={"PORTCULLIS_STEP_UP_WINDOW": WINDOW})


def claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"])


def test_disable_needs_step_up_then_works(client, server):
    e = enrol(client)
    token = e.acct.access
    time.sleep(WINDOW + 1.1)
    r = client.post("/v1/me/mfa/disable", token=token, json={"code": "123456"})
    assert_problem(r, 403, "step_up_required")

    r = client.post("/v1/auth/step-up", token=token, json={"password": e.acct.password})
    assert_problem(r, 401, "mfa_required")
    r = client.post("/v1/auth/step-up", token=token,
                    json={"password": "wrong password", "totp_code": "123456"})
    assert_problem(r, 401, "invalid_credentials", field="password")
    r = client.post("/v1/auth/step-up", token=token,
                    json={"password": e.acct.password, "totp_code": e.codes.next()})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    fresh = body["access_token"]
    c = claims(fresh)
    assert abs(c["auth_time"] - time.time()) < 3
    assert c["sid"] == claims(token)["sid"]

    # The old token still says the old auth_time; the fresh one passes the guard.
    r = client.post("/v1/me/mfa/disable", token=token, json={"code": e.recovery_codes[0]})
    assert_problem(r, 403, "step_up_required")
    r = client.post("/v1/me/mfa/disable", token=fresh, json={"code": "000000"})
    assert_problem(r, 401, "invalid_credentials", field="code")
    r = client.post("/v1/me/mfa/disable", token=fresh, json={"code": e.recovery_codes[0]})
    assert r.status_code == 204, r.text
    assert client.profile(fresh).json()["mfa_enabled"] is False
    assert client.login_raw(e.acct.password, email=e.acct.email).status_code == 200

    # The session remembers the step-up: a refreshed token carries it too.
    r = client.refresh_raw(e.acct.refresh)
    assert r.status_code == 200, r.text
    assert claims(r.json()["access_token"])["auth_time"] == c["auth_time"]

    rows = server.query("SELECT type, ip, user_agent FROM security_events WHERE user_id = ?"
                        " ORDER BY seq", (e.acct.user["id"],))
    types = [t for t, _, _ in rows]
    # The log also holds the account's registration and logins: of the MFA events, the first.
    mfa_types = [t for t in types if t.startswith(("mfa_", "step_up", "recovery_"))]
    assert mfa_types[0] == "mfa_enabled"
    for expected in ("step_up_failed", "step_up", "mfa_failed", "recovery_code_used",
                     "mfa_disabled"):
        assert expected in types, types
    assert all(ip == "127.0.0.1" and ua.startswith("portcullis-e2e") for _, ip, ua in rows)


def test_regenerating_recovery_codes_needs_step_up_and_replaces_them(client):
    e = enrol(client)
    time.sleep(WINDOW + 1.1)
    r = client.post("/v1/me/mfa/recovery-codes", token=e.acct.access, json={})
    assert_problem(r, 403, "step_up_required")
    r = client.post("/v1/auth/step-up", token=e.acct.access,
                    json={"password": e.acct.password, "totp_code": e.codes.next()})
    assert r.status_code == 200, r.text
    fresh = r.json()["access_token"]
    r = client.post("/v1/me/mfa/recovery-codes", token=fresh, json={})
    assert r.status_code == 200, r.text
    new_codes = r.json()["recovery_codes"]
    assert len(new_codes) == 8 and not set(new_codes) & set(e.recovery_codes)
    r = client.login_raw(e.acct.password, email=e.acct.email, totp_code=e.recovery_codes[0])
    assert_problem(r, 401, "invalid_credentials")
    r = client.login_raw(e.acct.password, email=e.acct.email, totp_code=new_codes[0])
    assert r.status_code == 200, r.text


def test_step_up_without_mfa_needs_only_the_password(client):
    acct = client.register()
    time.sleep(WINDOW + 1.1)
    r = client.post("/v1/auth/step-up", token=acct.access, json={"password": "nope nope nope"})
    assert_problem(r, 401, "invalid_credentials")
    r = client.post("/v1/auth/step-up", token=acct.access, json={"password": acct.password})
    assert r.status_code == 200, r.text
    assert abs(claims(r.json()["access_token"])["auth_time"] - time.time()) < 3
    r = client.post("/v1/auth/step-up", json={"password": acct.password})
    assert_problem(r, 401, "unauthorized")


def test_fresh_login_passes_the_guard_without_step_up(client):
    e = enrol(client)
    r = client.login_raw(e.acct.password, email=e.acct.email, totp_code=e.codes.next())
    assert r.status_code == 200, r.text
    r = client.post("/v1/me/mfa/recovery-codes", token=r.json()["access_token"], json={})
    assert r.status_code == 200, r.text


def test_enrolling_a_factor_needs_step_up(client):
    """A stolen token must not enrol its holder's TOTP: setup and verify both pass the guard."""
    acct = client.register()
    time.sleep(WINDOW + 1.1)
    r = client.post("/v1/me/mfa/setup", token=acct.access, json={})
    assert_problem(r, 403, "step_up_required")
    # A refreshed token keeps the session's old authentication time: still refused.
    refreshed = client.refresh_raw(acct.refresh)
    assert refreshed.status_code == 200, refreshed.text
    r = client.post("/v1/me/mfa/setup", token=refreshed.json()["access_token"], json={})
    assert_problem(r, 403, "step_up_required")

    r = client.post("/v1/auth/step-up", token=acct.access, json={"password": acct.password})
    assert r.status_code == 200, r.text
    fresh = r.json()["access_token"]
    r = client.post("/v1/me/mfa/setup", token=fresh, json={})
    assert r.status_code == 200, r.text
    totp = pyotp.TOTP(r.json()["secret"])
    time.sleep(WINDOW + 1.1)
    r = client.post("/v1/me/mfa/verify", token=fresh, json={"code": totp.now()})
    assert_problem(r, 403, "step_up_required")
    assert client.profile(fresh).json()["mfa_enabled"] is False
