"""POST /v1/auth/register: user shape, token pair, normalisation, uniqueness, password policy."""

import re

import pytest

from harness import PASSWORD, REFRESH_COOKIE, assert_problem, unique, unique_email

RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$")
B64URL = re.compile(r"^[A-Za-z0-9_-]+$")
USER_KEYS = {"id", "email", "username", "display_name", "metadata", "role", "created_at",
             "updated_at"}


def check_user(user, email, username=None):
    assert USER_KEYS <= set(user), f"missing {USER_KEYS - set(user)} in {user}"
    assert isinstance(user["id"], str) and user["id"]
    assert user["email"] == email
    assert user["username"] == username
    assert isinstance(user["display_name"], str)
    assert isinstance(user["metadata"], dict)
    assert user["role"] in ("member", "admin", "owner")
    for k in ("created_at", "updated_at"):
        assert isinstance(user[k], str) and RFC3339_UTC.match(user[k]), f"{k}={user[k]!r}"
    assert "password" not in user and "password_hash" not in user


def check_token_pair(body, access_ttl=900, refresh_ttl=2592000, refresh_in_body=True):
    assert isinstance(body["access_token"], str) and body["access_token"].count(".") == 2
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == access_ttl
    if refresh_in_body:
        rt = body["refresh_token"]
        assert isinstance(rt, str) and len(rt) >= 43 and B64URL.match(rt), rt
    assert body["refresh_expires_in"] == refresh_ttl
    assert isinstance(body["user"], dict)


def test_register_returns_201_user_and_token_pair(client):
    email = unique_email()
    r = client.register_raw(email, PASSWORD)
    assert r.status_code == 201, r.text
    assert r.headers["Content-Type"].split(";")[0].strip() == "application/json"
    body = r.json()
    check_token_pair(body)
    check_user(body["user"], email)
    assert body["user"]["metadata"] == {}
    # the access token works at once
    me = client.profile(body["access_token"])
    assert me.status_code == 200, me.text
    assert me.json()["id"] == body["user"]["id"]


def test_register_with_optional_fields(client):
    email, username = unique_email(), unique("n")
    meta = {"plan": "pro", "seats": 3, "tags": ["a", "b"], "nested": {"ok": True, "none": None}}
    r = client.register_raw(email, PASSWORD, username=username, display_name="Ada Lovelace",
                            metadata=meta)
    assert r.status_code == 201, r.text
    user = r.json()["user"]
    check_user(user, email, username)
    assert user["display_name"] == "Ada Lovelace"
    assert user["metadata"] == meta


def test_register_users_get_distinct_ids(client):
    a, b = client.register(), client.register()
    assert a.user["id"] != b.user["id"]
    assert a.refresh != b.refresh and a.access != b.access


def test_email_is_normalised(client):
    local = unique("Foo")
    r = client.register_raw(f"  {local}@Example.COM ", PASSWORD)
    assert r.status_code == 201, r.text
    normal = f"{local.lower()}@example.com"
    assert r.json()["user"]["email"] == normal
    ok = client.login_raw(PASSWORD, email=normal)
    assert ok.status_code == 200, ok.text
    assert ok.json()["user"]["email"] == normal
    # any casing/whitespace of the same address logs in too
    ok2 = client.login_raw(PASSWORD, email=f" {local.upper()}@EXAMPLE.com  ")
    assert ok2.status_code == 200, ok2.text
    assert ok2.json()["user"]["id"] == r.json()["user"]["id"]


def test_duplicate_email_case_insensitive_is_409(client):
    acct = client.register()
    r = client.register_raw(acct.email.upper(), "another password 123")
    assert_problem(r, 409, "conflict", field="email")
    r = client.register_raw(acct.email, "another password 123")
    assert_problem(r, 409, "conflict", field="email")


def test_duplicate_username_is_409(client):
    username = unique("dup")
    client.register(username=username)
    r = client.register_raw(unique_email(), PASSWORD, username=username)
    assert_problem(r, 409, "conflict", field="username")


def test_duplicate_username_differing_in_case_is_409(client):
    username = unique("case")
    client.register(username=username)
    r = client.register_raw(unique_email(), PASSWORD, username=username.upper())
    assert_problem(r, 409, "conflict", field="username")


@pytest.mark.parametrize("password", ["", "short", "1234567"])
def test_password_shorter_than_8_is_400(client, password):
    r = client.register_raw(unique_email(), password)
    assert_problem(r, 400, "invalid_request", field="password")


def test_password_of_exactly_8_is_accepted(client):
    acct = client.register(password="abcd1234")
    assert client.login_raw("abcd1234", email=acct.email).status_code == 200


def test_password_equal_to_email_is_400(client):
    email = unique_email("samepass")
    r = client.register_raw(email, email)
    assert_problem(r, 400, "invalid_request", field="password")


def test_long_passphrase_is_accepted(client):
    phrase = "the quick brown fox jumps over the lazy dog, twice: über straße ✓ " * 2  # > 64 chars
    assert len(phrase) > 64
    acct = client.register(password=phrase)
    assert client.login_raw(phrase, email=acct.email).status_code == 200
    assert client.login_raw(phrase[:-1], email=acct.email).status_code == 401


def test_missing_password_is_400(client):
    r = client.post("/v1/auth/register", json={"email": unique_email()})
    assert_problem(r, 400, "invalid_request")


def test_missing_email_is_400(client):
    r = client.post("/v1/auth/register", json={"password": PASSWORD})
    assert_problem(r, 400, "invalid_request")


@pytest.mark.parametrize("email", ["", "plainaddress", "@example.com", "user@", "two words@example.com",
                                   "a@b@example.com"])
def test_bad_email_is_400(client, email):
    r = client.register_raw(email, PASSWORD)
    assert_problem(r, 400, "invalid_request", field="email")


@pytest.mark.parametrize("metadata", [[1, 2], "text", 42, True])
def test_register_metadata_must_be_object(client, metadata):
    r = client.register_raw(unique_email(), PASSWORD, metadata=metadata)
    assert_problem(r, 400, "invalid_request")


def test_register_cannot_choose_role(client):
    r = client.register_raw(unique_email(), PASSWORD, role="admin")
    assert_problem(r, 400, "invalid_request")


def test_register_cookie_mode_sets_cookie_and_omits_refresh_token(client):
    r = client.register_raw(unique_email(), PASSWORD, cookie=True)
    assert r.status_code == 201, r.text
    assert "refresh_token" not in r.json()
    assert any(c.startswith(f"{REFRESH_COOKIE}=") for c in r.raw.headers.getlist("Set-Cookie"))
