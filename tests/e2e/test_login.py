"""POST /v1/auth/login: by email and by username; one answer for unknown user and wrong password."""

import pytest

from harness import PASSWORD, assert_problem, unique, unique_email


def check_login_body(body, acct):
    assert isinstance(body["access_token"], str) and body["access_token"].count(".") == 2
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert isinstance(body["refresh_token"], str) and len(body["refresh_token"]) >= 43
    assert body["refresh_expires_in"] == 2592000
    u = body["user"]
    assert u["id"] == acct.user["id"]
    assert u["email"] == acct.user["email"]
    assert u["role"] == acct.user["role"]


def test_login_by_email(client):
    acct = client.register()
    r = client.login_raw(PASSWORD, email=acct.email)
    assert r.status_code == 200, r.text
    check_login_body(r.json(), acct)
    assert client.profile(r.json()["access_token"]).status_code == 200


def test_login_by_username(client):
    username = unique("login")
    acct = client.register(username=username)
    r = client.login_raw(PASSWORD, username=username)
    assert r.status_code == 200, r.text
    check_login_body(r.json(), acct)


def test_each_login_is_a_new_session(client):
    acct = client.register()
    a, b = client.login(acct), client.login(acct)
    assert a.refresh != b.refresh and a.access != b.access
    assert len(client.sessions(a.access)) == 3  # register + 2 logins


def test_wrong_password_is_401_invalid_credentials(client):
    acct = client.register()
    r = client.login_raw("not the password", email=acct.email)
    assert_problem(r, 401, "invalid_credentials")
    assert "refresh_token" not in r.text and "access_token" not in r.text


def test_unknown_user_and_wrong_password_look_the_same(client):
    acct = client.register(username=unique("same"))
    wrong = client.login_raw("not the password", email=acct.email)
    unknown = client.login_raw("not the password", email=unique_email("nobody"))
    assert_problem(wrong, 401, "invalid_credentials")
    assert_problem(unknown, 401, "invalid_credentials")
    assert wrong.json() == unknown.json()
    assert wrong.headers.get("Content-Type") == unknown.headers.get("Content-Type")
    by_name_wrong = client.login_raw("not the password", username=acct.username)
    by_name_unknown = client.login_raw("not the password", username=unique("ghost"))
    assert by_name_wrong.status_code == by_name_unknown.status_code == 401
    assert by_name_wrong.json() == by_name_unknown.json() == wrong.json()


def test_login_does_not_accept_the_password_of_another_user(client):
    a = client.register(password="password-of-a-123")
    b = client.register(password="password-of-b-123")
    assert_problem(client.login_raw("password-of-a-123", email=b.email), 401, "invalid_credentials")
    assert client.login_raw("password-of-a-123", email=a.email).status_code == 200


@pytest.mark.parametrize("body", [
    {"password": PASSWORD},                      # neither email nor username
    {"email": "someone@example.com"},            # no password
])
def test_login_incomplete_body_is_400(client, body):
    assert_problem(client.post("/v1/auth/login", json=body), 400, "invalid_request")
