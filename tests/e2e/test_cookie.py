"""Cookie mode: the refresh token as an HttpOnly; SameSite=Lax; Secure cookie instead of the body."""

import pytest

from harness import PASSWORD, REFRESH_COOKIE, assert_bearer_problem, assert_problem, find_cookie

NAME = REFRESH_COOKIE


def cookie_login(client, acct, name=NAME):
    r = client.login_raw(PASSWORD, email=acct.email, cookie=True)
    assert r.status_code == 200, r.text
    found = find_cookie(r, name)
    assert found, f"no {name} cookie in {r.raw.headers.getlist('Set-Cookie')}"
    return r, found


def check_attrs(attrs, raw, secure=True):
    assert attrs.get("httponly") is True, raw
    assert str(attrs.get("samesite", "")).lower() == "lax", raw
    assert attrs.get("path") == "/v1/auth", raw
    if secure:
        assert attrs.get("secure") is True, raw
    else:
        assert "secure" not in attrs, raw


def test_login_with_cookie_sets_httponly_secure_lax_cookie(client):
    acct = client.register()
    r, (value, attrs, raw) = cookie_login(client, acct)
    check_attrs(attrs, raw, secure=True)
    body = r.json()
    assert "refresh_token" not in body
    assert body["access_token"] and body["token_type"] == "Bearer"
    assert len(value) >= 43
    assert client.profile(body["access_token"]).status_code == 200


def test_login_without_cookie_sets_no_cookie(client):
    acct = client.register()
    r = client.login_raw(PASSWORD, email=acct.email)
    assert r.status_code == 200
    assert find_cookie(r, NAME) is None
    assert "refresh_token" in r.json()


def test_refresh_with_only_the_cookie_rotates_it(client):
    acct = client.register()
    _, (v1, _, _) = cookie_login(client, acct)
    r = client.post("/v1/auth/refresh", json={"cookie": True}, headers={"Cookie": f"{NAME}={v1}"})
    assert r.status_code == 200, r.text
    assert "refresh_token" not in r.json()
    found = find_cookie(r, NAME)
    assert found, r.raw.headers.getlist("Set-Cookie")
    v2, attrs, raw = found
    check_attrs(attrs, raw)
    assert v2 != v1
    assert client.profile(r.json()["access_token"]).status_code == 200
    # the old cookie is spent
    old = client.post("/v1/auth/refresh", json={"cookie": True}, headers={"Cookie": f"{NAME}={v1}"})
    assert_problem(old, 401, "token_invalid")
    # the new one works, also among other cookies
    r = client.post("/v1/auth/refresh", json={"cookie": True},
                    headers={"Cookie": f"theme=dark; {NAME}={v2}; other=1"})
    assert r.status_code == 200, r.text


def test_cookie_refresh_token_is_a_normal_refresh_token(client):
    acct = client.register()
    _, (v1, _, _) = cookie_login(client, acct)
    r = client.refresh_raw(v1)
    assert r.status_code == 200, r.text
    assert r.json()["refresh_token"]


def test_logout_with_cookie_clears_it(client):
    acct = client.register()
    _, (v1, _, _) = cookie_login(client, acct)
    r = client.post("/v1/auth/logout", headers={"Cookie": f"{NAME}={v1}"})
    assert r.status_code == 204, r.text
    found = find_cookie(r, NAME)
    assert found, f"logout must clear the cookie: {r.raw.headers.getlist('Set-Cookie')}"
    value, attrs, raw = found
    assert value in ("", '""'), raw
    assert attrs.get("max-age") == "0", raw
    assert attrs.get("path") == "/v1/auth", raw
    dead = client.post("/v1/auth/refresh", json={"cookie": True}, headers={"Cookie": f"{NAME}={v1}"})
    assert_problem(dead, 401, "token_invalid")


def test_logout_with_bearer_clears_cookie_and_revokes(client):
    acct = client.register()
    r0, (v1, _, _) = cookie_login(client, acct)
    access = r0.json()["access_token"]
    r = client.post("/v1/auth/logout", token=access, headers={"Cookie": f"{NAME}={v1}"})
    assert r.status_code == 204, r.text
    found = find_cookie(r, NAME)
    assert found and found[1].get("max-age") == "0", r.raw.headers.getlist("Set-Cookie")
    assert_bearer_problem(client.profile(access), "token_invalid")
    assert client.refresh_raw(v1).status_code == 401


def test_refresh_without_token_or_cookie_is_rejected(client):
    r = client.post("/v1/auth/refresh", json={"cookie": True})
    assert r.status_code in (400, 401), r.text
    assert_problem(r, r.status_code)


@pytest.fixture(scope="module")
def plain_http_server(module_server_pool):
    return module_server_pool(env={"PORTCULLIS_COOKIE_SECURE": "false",
                                   "PORTCULLIS_REFRESH_COOKIE_NAME": "pc_rt"})


def test_cookie_secure_false_and_custom_name(plain_http_server):
    c = plain_http_server.client
    acct = c.register()
    r, (v1, attrs, raw) = cookie_login(c, acct, name="pc_rt")
    check_attrs(attrs, raw, secure=False)
    assert find_cookie(r, NAME) is None
    r = c.post("/v1/auth/refresh", json={"cookie": True}, headers={"Cookie": f"pc_rt={v1}"})
    assert r.status_code == 200, r.text
    v2, attrs, raw = find_cookie(r, "pc_rt")
    check_attrs(attrs, raw, secure=False)
    r = c.post("/v1/auth/logout", headers={"Cookie": f"pc_rt={v2}"})
    assert r.status_code == 204, r.text
    assert find_cookie(r, "pc_rt")[1].get("max-age") == "0"


def test_refresh_with_cookie_and_empty_object_answers_with_a_cookie(client):
    acct = client.register()
    _, (v1, _, _) = cookie_login(client, acct)
    r = client.post("/v1/auth/refresh", json={}, headers={"Cookie": f"{NAME}={v1}"})
    assert r.status_code == 200, r.text
    assert "refresh_token" not in r.json()
    v2, attrs, raw = find_cookie(r, NAME)
    check_attrs(attrs, raw)
    assert v2 != v1


def test_refresh_with_cookie_and_no_body(client):
    acct = client.register()
    _, (v1, _, _) = cookie_login(client, acct)
    r = client.post("/v1/auth/refresh", headers={"Cookie": f"{NAME}={v1}"})
    assert r.status_code == 200, r.text
    assert find_cookie(r, NAME) and find_cookie(r, NAME)[0] != v1
