"""The MACHHUB dialect end to end (document 003, docs/dialects/machhub.md): the document's login body
and answers verbatim, username or email logins over the native login's core (the token verified by
PyJWT), totp_code with TOTP and recovery codes, MACHHUB's plain-text 401s and 400s, the limits'
429, the permission endpoint with an access token and a real mchx_ key, the root alias and the
start-up collision (exit status 2), one core across dialects (sessions, native logout, audit),
and /metrics labelled by dialect."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import time

import jwt
import pytest
import requests

from admins import all_items, make_admin, user_cli
from company_keys import server, sink, world  # noqa: F401 (module fixtures)
from harness import (BIN, JWT_SECRET, ON_POSTGRES, PASSWORD, base_env, free_port, psql,
                     refused_within, require_binary, sql_literal, unique, unique_email)
from test_mfa import enrol

LOGIN = "/machhub/auth/login"
BAD_CREDENTIALS = "Invalid Username or Password"
ALL_BUILT_IN = ["create", "delete", "read", "read-write", "update"]


def permission_path(feature, scope, prefix="/machhub"):
    return f"{prefix}/auth/permission/action/feature/{feature}/scope/{scope}"


def machhub_login(client, username, password, prefix="/machhub", **extra):
    return client.post(f"{prefix}/auth/login",
                       json={"username": username, "password": password, **extra})


def tkn_of(r):
    assert r.status_code == 200, (r.status_code, r.text)
    body = r.json()
    assert set(body) == {"success", "tkn"} and body["success"] is True, body
    return body["tkn"]


def claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})


def assert_plain(r, status, body=None):
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["Content-Type"].startswith("text/plain"), r.headers["Content-Type"]
    if body is not None:
        assert r.text == body, r.text


def argon2id_phc(password: str) -> str:
    """An Argon2id PHC string of `password` from the system's libargon2 (the server's own
    library): for an account whose password predates the password policy, as one imported from
    MACHHUB with its password "admin" is."""
    lib = ctypes.CDLL(ctypes.util.find_library("argon2") or "libargon2.so.1")
    encode = lib.argon2id_hash_encoded
    encode.argtypes = [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_char_p,
                       ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                       ctypes.c_char_p, ctypes.c_size_t]
    out = ctypes.create_string_buffer(256)
    secret, salt = password.encode(), os.urandom(16)
    assert encode(1, 64, 1, secret, len(secret), salt, len(salt), 32, out, len(out)) == 0
    return out.value.decode()


def set_password_hash(srv, email, phc):
    if ON_POSTGRES:
        psql(f"UPDATE users SET password_hash = {sql_literal(phc)} "
             f"WHERE email = {sql_literal(email)}", srv.postgres_db)
        return
    import sqlite3
    db = sqlite3.connect(srv.data_dir / "portcullis.db", timeout=10)
    try:
        with db:
            assert db.execute("UPDATE users SET password_hash = ? WHERE email = ?",
                              (phc, email)).rowcount == 1
    finally:
        db.close()


# ---------------------------------------------------------------------------------------------
# login


def test_the_documents_login_verbatim(server):
    """`POST /auth/login {"username": "admin", "password": "admin"}` → `{"success": true, "tkn"}`
    (the document's body byte for byte), for an account made with the admin command whose
    password "admin" came from before the password policy."""
    email = unique_email("admin")
    p = user_cli(server, "create", "--email", email, "--username", "admin", "--role", "user",
                 input_=PASSWORD + "\n")
    assert p.returncode == 0, p.stderr
    set_password_hash(server, email, argon2id_phc("admin"))

    r = requests.post(server.url + LOGIN, data=b'{ "username": "admin", "password": "admin" }',
                      headers={"Content-Type": "application/json"})
    tkn = tkn_of(r)
    assert r.headers["Content-Type"].startswith("application/json")
    token = claims(tkn)  # signed with the instance's key: PyJWT verifies it
    profile = server.client.profile(tkn)
    assert profile.status_code == 200, profile.text
    assert token["sub"] == profile.json()["id"]
    assert profile.json()["email"] == email
    # The document's bad credentials: the same body for a wrong password and an unknown user.
    r = requests.post(server.url + LOGIN, data=b'{ "username": "admin", "password": "nimda" }',
                      headers={"Content-Type": "application/json"})
    assert_plain(r, 401, BAD_CREDENTIALS)


def test_username_or_email_logs_in_to_a_new_core_session(client):
    name = unique("mh")
    acct = client.register(username=name)
    uid = acct.user["id"]
    for login in (name, acct.email, name.upper()):
        tkn = tkn_of(machhub_login(client, login, PASSWORD))
        token = claims(tkn)
        assert token["sub"] == uid
        assert token["sid"] in {s["id"] for s in client.sessions(tkn)}
    # Three MACHHUB sessions beside the registration's.
    assert len(client.sessions(acct.access)) == 4


def test_bad_credentials_are_one_plain_text_answer(client):
    acct = client.register(username=unique("mh"))
    for username, password in ((acct.username, "wrong password"), (acct.email, "wrong password"),
                               (unique("nobody"), PASSWORD), (unique_email("nobody"), PASSWORD),
                               ("", PASSWORD)):
        assert_plain(machhub_login(client, username, password), 401, BAD_CREDENTIALS)


def test_malformed_bodies_are_400_plain_text(server, client):
    url = server.url + LOGIN
    json_type = {"Content-Type": "application/json"}
    cases = [
        requests.post(url, data=b"username=admin&password=admin",
                      headers={"Content-Type": "application/x-www-form-urlencoded"}),
        requests.post(url, data=b'{"username": "admin", "password": "admin"}',
                      headers={"Content-Type": "text/plain"}),
        requests.post(url, data=b'{"username": "admin", "password": ', headers=json_type),
        requests.post(url, data=b'["admin", "admin"]', headers=json_type),
        requests.post(url, data=b'{"username": "a", "username": "b", "password": "c"}',
                      headers=json_type),
        client.post(LOGIN, json={"username": "admin"}),
        client.post(LOGIN, json={"password": "admin"}),
        client.post(LOGIN, json={"username": 7, "password": "admin"}),
        client.post(LOGIN, json={"username": "admin", "password": ["admin"]}),
        client.post(LOGIN, json={"username": "admin", "password": "admin", "totp_code": 123456}),
        client.post(LOGIN, json={"username": "admin", "password": "admin", "remember": True}),
    ]
    for r in cases:
        assert_plain(r, 400)
        assert r.text.startswith("Bad Request"), r.text


def test_a_user_with_mfa_sends_totp_code_or_a_recovery_code(client):
    enrolled = enrol(client, client.register(username=unique("mh")))
    acct = enrolled.acct
    r = machhub_login(client, acct.username, PASSWORD)
    assert_plain(r, 401)
    assert "TOTP Code Required" in r.text and "totp_code" in r.text
    assert_plain(machhub_login(client, acct.username, PASSWORD, totp_code="000000"), 401,
                 "Invalid TOTP Code")
    # The password is checked first: a wrong one with a code is bad credentials.
    assert_plain(machhub_login(client, acct.username, "wrong password",
                               totp_code=enrolled.codes.next()), 401, BAD_CREDENTIALS)
    tkn = tkn_of(machhub_login(client, acct.username, PASSWORD, totp_code=enrolled.codes.next()))
    assert claims(tkn)["amr"] == ["pwd", "otp"]
    recovery = enrolled.recovery_codes[0]
    tkn = tkn_of(machhub_login(client, acct.email, PASSWORD, totp_code=recovery))
    assert claims(tkn)["amr"] == ["pwd", "recovery"]
    # A recovery code is spent once.
    assert_plain(machhub_login(client, acct.email, PASSWORD, totp_code=recovery), 401,
                 "Invalid TOTP Code")


def test_rate_limits_answer_429_plain_text(start_server):
    srv = start_server(env={"PORTCULLIS_RATE_LIMITS__LOGIN_PER_IP": "3/1m"})
    acct = srv.client.register(username=unique("mh"))
    for _ in range(3):
        tkn_of(machhub_login(srv.client, acct.username, PASSWORD))
    r = machhub_login(srv.client, acct.username, PASSWORD)
    assert_plain(r, 429, "Too Many Requests")
    assert int(r.headers["Retry-After"]) >= 1


# ---------------------------------------------------------------------------------------------
# permissions


def test_the_permission_endpoint_with_an_access_token(world):
    acme = world.company()
    member = acme.member
    for action in ("read", "create", "update"):
        world.grant(acme, "user", member.user["id"], "users", "all", action)
    tkn = tkn_of(machhub_login(world.client, member.email, PASSWORD))
    # The document's request; its answer's verbs (the order is the permission model's).
    r = world.client.get(permission_path("users", "all"), token=tkn)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    assert set(r.json()) == {"actions"}
    assert sorted(r.json()["actions"]) == sorted(["read", "create", "update"])
    # No access: [] and still 200.
    r = world.client.get(permission_path("users", "own"), token=tkn)
    assert r.status_code == 200 and r.json() == {"actions": []}, r.text
    # The same answer as the native route.
    native = world.actions(tkn, "users", "all")
    assert sorted(native) == sorted(world.client.get(permission_path("users", "all"),
                                                     token=tkn).json()["actions"])
    # read-write and custom verbs, as the model defines them; the owner holds every action.
    world.grant(acme, "role", "member", "reports", "all", "read-write")
    assert world.client.get(permission_path("reports", "all"), token=tkn).json() == {
        "actions": ALL_BUILT_IN}
    r = world.client.post(f"/v1/companies/{acme.id}/permissions/verbs", token=acme.owner.access,
                          json={"name": "export"})
    assert r.status_code == 201, r.text
    world.grant(acme, "user", member.user["id"], "reports", "own", "export")
    assert world.client.get(permission_path("reports", "own"), token=tkn).json() == {
        "actions": ["export"]}
    owner_tkn = tkn_of(machhub_login(world.client, acme.owner.email, PASSWORD))
    assert world.client.get(permission_path("reports", "own"), token=owner_tkn).json() == {
        "actions": sorted(ALL_BUILT_IN + ["export"])}


def test_the_permission_endpoint_with_an_mchx_key(world):
    acme = world.company()
    issued = world.api_key(acme, prefix="mchx_", name="machhub sdk")
    key = issued["key"]
    assert key.startswith("mchx_")
    world.grant(acme, "api_key", issued["id"], "products", "all", "read")
    r = world.client.get(permission_path("products", "all"), headers={"X-Machhub-Api-Key": key})
    assert r.status_code == 200, r.text
    assert r.json() == {"actions": ["read"]}
    r = world.client.get(permission_path("products", "own"), headers={"X-Machhub-Api-Key": key})
    assert r.status_code == 200 and r.json() == {"actions": []}
    # A revoked key stops at once.
    r = world.client.delete(f"/v1/companies/{acme.id}/api-keys/{issued['id']}",
                            token=acme.owner.access)
    assert r.status_code == 204, r.text
    assert_plain(world.client.get(permission_path("products", "all"),
                                  headers={"X-Machhub-Api-Key": key}), 401, "Unauthorized")


def test_the_permission_endpoint_without_a_valid_credential_is_401_plain_text(world):
    path = permission_path("users", "all")
    for headers in ({}, {"X-Machhub-Api-Key": "mchx_" + "A" * 43},
                    {"X-Machhub-Api-Key": "not-a-key"}, {"Authorization": "Bearer nope"},
                    {"Authorization": "Basic YWRtaW46YWRtaW4="}):
        r = world.client.get(path, headers=headers)
        assert_plain(r, 401, "Unauthorized")


# ---------------------------------------------------------------------------------------------
# one core across dialects


def test_a_machhub_session_is_a_native_session(client):
    acct = client.register(username=unique("mh"))
    tkn = tkn_of(machhub_login(client, acct.username, PASSWORD))
    sid = claims(tkn)["sid"]
    listed = {s["id"] for s in client.sessions(acct.access)}
    assert sid in listed
    # The native logout ends it, on every dialect.
    r = client.post("/v1/auth/logout", token=tkn)
    assert r.status_code == 204, r.text
    assert refused_within(client, tkn, 5) is not None
    assert_plain(client.get(permission_path("users", "all"), token=tkn), 401, "Unauthorized")
    assert sid not in {s["id"] for s in client.sessions(acct.access)}


def test_machhub_logins_are_audited_with_their_dialect(server):
    admin = make_admin(server)
    acct = server.client.register(username=unique("mh"))
    tkn_of(machhub_login(server.client, acct.username, PASSWORD))
    assert_plain(machhub_login(server.client, acct.username, "wrong password"), 401)
    server.client.login(acct)  # a native login is not marked
    time.sleep(1.6)  # refused logins are written every second
    uid = acct.user["id"]
    logins = [e for e in all_items(server.client, "/v1/admin/audit", admin.access, type="login")
              if e["user_id"] == uid]
    assert sorted(e["detail"] for e in logins) == ["amr=pwd", "amr=pwd via=machhub"], logins
    failed = [e for e in all_items(server.client, "/v1/admin/audit", admin.access,
                                   type="login_failed") if e["user_id"] == uid]
    assert [e["detail"] for e in failed] == ["wrong_password via=machhub"], failed


def sample_values(text):
    """{'name{labels}': value} of Prometheus text (label values may hold '{' and '}': route
    patterns do)."""
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            series, _, value = line.rpartition(" ")
            out[series] = float(value)
    return out


def test_requests_are_counted_by_dialect_in_metrics(client):
    acct = client.register(username=unique("mh"))
    tkn_of(machhub_login(client, acct.username, PASSWORD))
    assert_plain(machhub_login(client, acct.username, "wrong password"), 401)
    r = client.get("/metrics")
    assert r.status_code == 200, r.text
    values = sample_values(r.text)
    total = "portcullis_http_requests_total"
    assert values.get(f'{total}{{dialect="machhub",route="{LOGIN}",status="200"}}', 0) >= 1, r.text
    assert values.get(f'{total}{{dialect="machhub",route="{LOGIN}",status="401"}}', 0) >= 1, r.text
    assert values.get(f'{total}{{dialect="native",route="/v1/auth/register",status="201"}}',
                      0) >= 1, r.text
    count = "portcullis_http_request_duration_seconds_count"
    assert values[f'{count}{{dialect="machhub",route="{LOGIN}"}}'] >= 2
    # Every request series names its dialect but the unmatched one.
    unlabelled = [s for s in values if s.startswith(total + "{") and "dialect=" not in s]
    assert all('route="unmatched"' in s for s in unlabelled), unlabelled


# ---------------------------------------------------------------------------------------------
# mounting


def test_the_root_alias_is_off_by_default(server, client):
    assert client.get(permission_path("users", "all", prefix="")).status_code == 404
    r = requests.post(server.url + "/auth/login", json={"username": "admin", "password": "admin"})
    assert not (r.status_code == 401 and r.text == BAD_CREDENTIALS), "MACHHUB answered /auth/login"


@pytest.mark.parametrize("hbp", [{"PORTCULLIS_DIALECTS__HBP__PREFIX": "/hbp"},
                                 {"PORTCULLIS_DIALECTS__HBP__ENABLED": "false"}],
                         ids=["hbp-moved", "hbp-disabled"])
def test_root_alias_serves_auth_login_when_hbp_leaves_the_root(start_server, hbp):
    srv = start_server(env={"PORTCULLIS_DIALECTS__MACHHUB__ROOT_ALIAS": "true", **hbp})
    acct = srv.client.register(username=unique("mh"))
    r = requests.post(srv.url + "/auth/login",
                      json={"username": acct.username, "password": PASSWORD})
    tkn = tkn_of(r)
    assert_plain(requests.post(srv.url + "/auth/login",
                               json={"username": acct.username, "password": "nope"}),
                 401, BAD_CREDENTIALS)
    # A registered user founds its own company: its owner holds every action.
    r = srv.client.get(permission_path("users", "all", prefix=""), token=tkn)
    assert r.status_code == 200 and r.json() == {"actions": ALL_BUILT_IN}, r.text
    # The prefixed routes stay.
    tkn_of(machhub_login(srv.client, acct.email, PASSWORD))
    assert_plain(srv.client.get(permission_path("users", "all", prefix="")), 401)
    # The server's own routes are not a dialect's.
    assert srv.client.get("/health").status_code == 204


def run_serve(tmp_path, env, timeout=20):
    """`portcullis serve` with `env`: (exit status, stderr) when it exits within `timeout`,
    else (None, log so far) after stopping it."""
    require_binary()
    data = tmp_path / unique("collide")
    data.mkdir()
    cmd = [BIN, "serve", "--listen", f"127.0.0.1:{free_port()}", "--database",
           f"sqlite:{data / 'portcullis.db'}", "--data-dir", str(data)]
    proc = subprocess.Popen(cmd, env=base_env(env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, err
    except subprocess.TimeoutExpired:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
        return None, err


def collision_lines(stderr):
    return [line for line in stderr.splitlines() if "collision" in line]


def test_root_alias_against_the_native_api_at_the_root_stops_the_start(tmp_path):
    status, err = run_serve(tmp_path, {"PORTCULLIS_DIALECTS__MACHHUB__ROOT_ALIAS": "true",
                                       "PORTCULLIS_DIALECTS__HBP__ENABLED": "false",
                                       "PORTCULLIS_API__NATIVE__PREFIX": ""})
    assert status == 2, err
    lines = collision_lines(err)
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("portcullis: route collision: POST /auth/login (machhub)"), line
    assert "api.native.prefix" in line and "dialects.machhub.root_alias" in line, line


def skip_unless_hbp_serves_auth_login(start_server):
    """A start that should have collided went through: acceptable only while HBP's route table
    has no POST /auth/login at all (nothing to collide with), which a default server shows."""
    srv = start_server()
    r = requests.post(srv.url + "/auth/login", json={})
    assert r.status_code == 404, "HBP serves POST /auth/login, yet the colliding start went through"
    pytest.skip("HBP serves no POST /auth/login in this build: no collision to provoke")


def test_root_alias_with_hbp_at_the_root_stops_the_start(tmp_path, start_server):
    status, err = run_serve(tmp_path, {"PORTCULLIS_DIALECTS__MACHHUB__ROOT_ALIAS": "true"})
    if status is None:
        skip_unless_hbp_serves_auth_login(start_server)
    assert status == 2, err
    lines = collision_lines(err)
    assert len(lines) == 1, err
    line = lines[0]
    assert "POST /auth/login" in line and "hbp" in line and "machhub" in line, line
    assert "dialects.hbp.prefix" in line and "dialects.hbp.enabled" in line, line
    assert "dialects.machhub.root_alias" in line, line


def test_two_dialects_at_one_prefix_stop_the_start(tmp_path, start_server):
    """MACHHUB moved onto a prefix where it claims a route another dialect holds: the line names
    both dialects' settings."""
    status, err = run_serve(tmp_path, {"PORTCULLIS_DIALECTS__MACHHUB__PREFIX": "",
                                       "PORTCULLIS_DIALECTS__HBP__PREFIX": ""})
    if status is None:
        skip_unless_hbp_serves_auth_login(start_server)
    assert status == 2, err
    lines = collision_lines(err)
    assert len(lines) == 1, err
    assert "dialects.machhub.prefix" in lines[0] and "dialects.hbp.prefix" in lines[0], lines[0]
