"""One core under four dialects: an account made through one dialect is the same account in every
other, and a session opened by any dialect is the same session everywhere (listed natively,
revoked by any dialect's logout)."""

import time

import jwt
import pyotp
import pytest

from harness import JWT_SECRET, PASSWORD, unique_email


def hbp_register(client, email):
    r = client.post("/auth/register", json={"email": email, "password": PASSWORD, "cookie": False})
    assert r.status_code == 200, r.text
    return r.json()


def hbp_login(client, email, password=PASSWORD):
    r = client.post("/auth/login", json={"email": email, "password": password, "cookie": False})
    assert r.status_code == 200, r.text
    return r.json()


def machhub_login(client, username, password=PASSWORD, **extra):
    return client.post("/machhub/auth/login",
                       json={"username": username, "password": password, **extra})


def session_ids(client, token):
    return {s["id"] for s in client.sessions(token)}


def claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})


def test_an_hbp_account_logs_in_natively_and_through_machhub(client):
    email = unique_email("cross")
    hbp_register(client, email)
    native = client.login_raw(PASSWORD, email=email)
    assert native.status_code == 200, native.text
    r = machhub_login(client, email)
    assert r.status_code == 200, r.text
    assert r.json()["success"] is True
    subjects = {claims(native.json()["access_token"])["sub"], claims(r.json()["tkn"])["sub"]}
    assert len(subjects) == 1


def test_sessions_of_every_dialect_are_listed_natively(client):
    email = unique_email("cross")
    hbp = hbp_register(client, email)
    hbp_token = hbp["jwt_token"]
    machhub = machhub_login(client, email).json()["tkn"]
    native = client.login_raw(PASSWORD, email=email).json()["access_token"]
    listed = session_ids(client, native)
    for token in (hbp_token, machhub, native):
        assert claims(token)["sid"] in listed


def test_native_logout_ends_an_hbp_session(client):
    email = unique_email("cross")
    hbp = hbp_register(client, email)
    r = client.post("/v1/auth/logout", token=hbp["jwt_token"])
    assert r.status_code in (200, 204), r.text
    assert client.profile(hbp["jwt_token"]).status_code == 401
    r = client.get("/auth/token/refresh", params={"refresh_token": hbp["refresh_token"]})
    assert r.status_code == 401, r.text


def test_hbp_logout_ends_a_native_session(client):
    acct = client.register(unique_email("cross"))
    r = client.post("/auth/logout", params={"refresh_token": acct.refresh},
                    token=acct.access)
    assert r.status_code == 204, r.text
    assert client.profile(acct.access).status_code == 401
    assert client.refresh_raw(acct.refresh).status_code == 401


def test_hbp_revoke_ends_machhub_and_native_sessions(client):
    acct = client.register(unique_email("cross"))
    machhub = machhub_login(client, acct.email).json()["tkn"]
    r = client.post("/auth/token/revoke", token=acct.access)
    assert r.status_code == 204, r.text
    assert client.profile(machhub).status_code == 401
    assert client.profile(acct.access).status_code == 401


def test_mfa_enabled_natively_is_asked_by_every_dialect(client):
    acct = client.register(unique_email("cross"))
    r = client.post("/v1/me/mfa/setup", token=acct.access, json={})
    assert r.status_code == 200, r.text
    totp = pyotp.TOTP(r.json()["secret"])
    step = int(time.time()) // 30
    # Each code is accepted once: enrolment takes this step's, the MACHHUB login the next one's.
    r = client.post("/v1/me/mfa/verify", token=acct.access, json={"code": totp.at(step * 30)})
    assert r.status_code == 200, r.text
    r = client.post("/auth/login", json={"email": acct.email, "password": PASSWORD, "cookie": False})
    assert r.status_code == 200 and r.json().get("mfa") is True and "jwt_token" not in r.json()
    r = machhub_login(client, acct.email)
    assert r.status_code == 401 and "jwt" not in r.text.lower()
    r = machhub_login(client, acct.email, totp_code=totp.at((step + 1) * 30))
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("path", ["/auth/login", "/machhub/auth/login", "/v1/auth/login"])
def test_a_wrong_password_counts_toward_one_lockout_whatever_the_dialect(client, path):
    # The same core rule behind every dialect: a wrong password is refused with 401 everywhere.
    acct = client.register(unique_email("cross"))
    body = ({"username": acct.email, "password": "wrong-password"} if "machhub" in path else
            {"email": acct.email, "password": "wrong-password"})
    r = client.post(path, json=body)
    assert r.status_code == 401, r.text
