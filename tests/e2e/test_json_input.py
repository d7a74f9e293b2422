"""Only valid JSON goes out, only sane JSON comes in: a non-UTF-8 User-Agent (or one whose 256-byte
cut splits a character) is stored as valid UTF-8, so GET /v1/me/sessions stays strict JSON; a
number that is not finite (1e400) anywhere in a body is 400 naming the field and nothing is stored;
a member name given twice at any depth is 400 invalid_request."""

import http.client
import json

import pytest

from harness import PASSWORD, assert_problem, unique_email

REPLACEMENT = "\ufffd"


def strict_json(raw: bytes):
    """Decodes like a strict client: UTF-8 errors and non-JSON numbers (Infinity, NaN) raise."""
    def no_constants(name):
        raise ValueError(f"not JSON: {name}")
    return json.loads(raw.decode("utf-8", errors="strict"), parse_constant=no_constants)


def raw_request(srv, method, path, body: bytes, headers: list[tuple[str, bytes | str]]):
    """One request whose header bytes go on the wire as given (requests would refuse them)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def login_with_user_agent(srv, acct, user_agent: bytes):
    body = json.dumps({"email": acct.email, "password": PASSWORD}).encode()
    status, raw = raw_request(srv, "POST", "/v1/auth/login", body, [("User-Agent", user_agent)])
    assert status == 200, raw
    return strict_json(raw)["access_token"]


def sessions_strict(srv, access):
    r = srv.client.get("/v1/me/sessions", token=access)
    assert r.status_code == 200, r.text
    return strict_json(r.content)["sessions"]


@pytest.mark.parametrize("user_agent, stored", [
    (b"bot\xff\xfe/1.0 \xc0\xaf", "bot" + REPLACEMENT * 2 + "/1.0 " + REPLACEMENT * 2),
    (b"a" * 255 + "é".encode(), "a" * 255),                  # the cut would split "é"
    (b"b" * 254 + "😀".encode() + b"tail", "b" * 254),        # ... or a 4-byte character
    (b"\xed\xa0\x80 surrogate", REPLACEMENT * 3 + " surrogate"),
    ("Mozilla/5.0 Zoë 😀".encode(), "Mozilla/5.0 Zoë 😀"),
])
def test_user_agent_is_stored_as_valid_utf8(server, user_agent, stored):
    c = server.client
    acct = c.register()
    access = login_with_user_agent(server, acct, user_agent)
    sessions = sessions_strict(server, access)
    current = [s for s in sessions if s["current"]]
    assert len(current) == 1, sessions
    assert current[0]["user_agent"] == stored
    assert len(current[0]["user_agent"].encode()) <= 256


def test_a_long_invalid_user_agent_stays_within_256_bytes(server):
    acct = server.client.register()
    access = login_with_user_agent(server, acct, b"\xff" * 400)
    ua = [s for s in sessions_strict(server, access) if s["current"]][0]["user_agent"]
    assert set(ua) == {REPLACEMENT} and len(ua.encode()) <= 256


def test_audit_log_shows_the_user_agent_as_valid_utf8(server):
    acct = server.client.register()
    access = login_with_user_agent(server, acct, b"audit\xff")
    r = server.client.get("/v1/me/security-events", token=access)
    if r.status_code == 404:
        pytest.skip("no audit routes")
    assert r.status_code == 200, r.text
    body = strict_json(r.content)
    assert "audit" + REPLACEMENT in json.dumps(body, ensure_ascii=False)


# ------------------------------------------------------------------------------------------
# numbers that are not finite


def post_text(client, path, text, token=None, method="POST"):
    headers = {"Content-Type": "application/json"}
    return client.request(method, path, data=text.encode(), headers=headers, token=token)


@pytest.mark.parametrize("metadata, path", [
    ('{"n": 1e400}', "metadata.n"),
    ('{"n": -1e400}', "metadata.n"),
    ('{"a": 1, "list": [1, 2.5, -1E+999]}', "metadata.list[2]"),
    ('{"deep": {"x": [[0, 1e99999]]}}', "metadata.deep.x[0][1]"),
])
def test_register_with_a_non_finite_number_is_refused(client, metadata, path):
    email = unique_email()
    text = f'{{"email": "{email}", "password": "{PASSWORD}", "metadata": {metadata}}}'
    body = assert_problem(post_text(client, "/v1/auth/register", text), 400, "invalid_request",
                          field="metadata")
    assert path in body["detail"], body
    # nothing was stored
    assert client.login_raw(PASSWORD, email=email).status_code == 401


def test_patch_profile_with_a_non_finite_number_keeps_the_stored_metadata(client):
    acct = client.register(metadata={"keep": "me", "n": 1})
    for number in ("1e400", "-1e400", "[1e400]"):
        r = post_text(client, "/v1/me/profile", f'{{"metadata": {{"n": {number}}}}}',
                      token=acct.access, method="PATCH")
        assert_problem(r, 400, "invalid_request", field="metadata")
    r = client.profile(acct.access)
    assert strict_json(r.content)["metadata"] == {"keep": "me", "n": 1}


def test_a_non_finite_number_in_another_member_is_refused_too(client):
    r = post_text(client, "/v1/auth/login", f'{{"email": 1e400, "password": "{PASSWORD}"}}')
    assert_problem(r, 400, "invalid_request", field="email")


def test_large_finite_numbers_are_stored_and_shown_as_json(client):
    acct = client.register()
    r = post_text(client, "/v1/me/profile",
                  '{"metadata": {"big": 1.7976931348623157e308, "tiny": 1e-400, "neg": -1e308}}',
                  token=acct.access, method="PATCH")
    assert r.status_code == 200, r.text
    meta = strict_json(client.profile(acct.access).content)["metadata"]
    assert meta["big"] == 1.7976931348623157e308 and meta["neg"] == -1e308
    assert meta["tiny"] == 0


# ------------------------------------------------------------------------------------------
# member names given twice


def test_login_with_a_repeated_member_is_refused(client):
    acct = client.register()
    other = client.register()
    text = (f'{{"email": "{other.email}", "email": "{acct.email}", '
            f'"password": "{PASSWORD}"}}')
    assert_problem(post_text(client, "/v1/auth/login", text), 400, "invalid_request",
                   field="email")
    # also when the second spelling differs only by an escape
    text = f'{{"email": "{acct.email}", "\\u0065mail": "{acct.email}", "password": "{PASSWORD}"}}'
    assert_problem(post_text(client, "/v1/auth/login", text), 400, "invalid_request",
                   field="email")


def test_register_with_a_repeated_member_stores_nothing(client):
    email = unique_email()
    text = (f'{{"email": "{email}", "password": "{PASSWORD}", "username": "a1{email[:6]}", '
            f'"password": "another passphrase here"}}')
    assert_problem(post_text(client, "/v1/auth/register", text), 400, "invalid_request",
                   field="password")
    assert client.login_raw(PASSWORD, email=email).status_code == 401


@pytest.mark.parametrize("metadata", [
    '{"a": 1, "a": 2}',
    '{"a": {"b": 1, "b": 1}}',
    '{"list": [{"k": 1}, {"k": 1, "k": 2}]}',
])
def test_repeated_members_inside_metadata_are_refused(client, metadata):
    acct = client.register(metadata={"keep": True})
    r = post_text(client, "/v1/me/profile", f'{{"metadata": {metadata}}}', token=acct.access,
                  method="PATCH")
    body = assert_problem(r, 400, "invalid_request", field="metadata")
    assert "twice" in body["detail"], body
    assert strict_json(client.profile(acct.access).content)["metadata"] == {"keep": True}


def test_equal_names_in_different_objects_are_fine(client):
    acct = client.register()
    r = post_text(client, "/v1/me/profile",
                  '{"metadata": {"a": {"x": 1}, "b": {"x": 1}, "l": [{"x": 1}, {"x": 2}]}}',
                  token=acct.access, method="PATCH")
    assert r.status_code == 200, r.text


def test_refresh_and_logout_bodies_refuse_repeated_members(client):
    acct = client.register()
    text = f'{{"refresh_token": "{acct.refresh}", "refresh_token": "x"}}'
    assert_problem(post_text(client, "/v1/auth/refresh", text), 400, "invalid_request",
                   field="refresh_token")
    r = post_text(client, "/v1/auth/logout", '{"all": false, "all": true}', token=acct.access)
    assert_problem(r, 400, "invalid_request", field="all")
    assert client.profile(acct.access).status_code == 200  # nothing revoked
