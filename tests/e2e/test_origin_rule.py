"""The origin rule for cookie-authenticated requests (POST /v1/auth/refresh and /logout with the
refresh cookie): an Origin must be the server's own (public_url's) or in allowed_origins; without
one, Sec-Fetch-Site must be same-origin or none; with neither header the request passes. Two
refresh cookies in one request are refused, and the cookie's default name carries __Secure-."""

import http.client
import subprocess

import pytest

from harness import (BIN, PASSWORD, REFRESH_COOKIE, assert_problem, base_env, find_cookie,
                     free_port)

EVIL = "https://evil.example"
ALLOWED = "https://app.example.com"


@pytest.fixture(scope="module")
def srv(module_server_pool):
    return module_server_pool(env={"PORTCULLIS_ALLOWED_ORIGINS": f"{ALLOWED},http://localhost:3000"})


def cookie_session(srv):
    """A fresh account's refresh cookie value."""
    c = srv.client
    acct = c.register()
    r = c.login_raw(PASSWORD, email=acct.email, cookie=True)
    assert r.status_code == 200, r.text
    return acct, find_cookie(r, REFRESH_COOKIE)[0]


def refresh_by_cookie(srv, value, **headers):
    return srv.client.post("/v1/auth/refresh",
                           headers={"Cookie": f"{REFRESH_COOKIE}={value}", **headers})


def logout_by_cookie(srv, value, **headers):
    return srv.client.post("/v1/auth/logout",
                           headers={"Cookie": f"{REFRESH_COOKIE}={value}", **headers})


def assert_still_usable(srv, value):
    """The refused request spent nothing: the cookie still rotates (with no browser headers)."""
    r = refresh_by_cookie(srv, value)
    assert r.status_code == 200, r.text
    assert find_cookie(r, REFRESH_COOKIE)[0] != value


@pytest.mark.parametrize("origin", [EVIL, "null", "http://127.0.0.1", "https://app.example.com.evil",
                                    "http://app.example.com", "https://app.example.com/"])
def test_refresh_by_cookie_from_a_foreign_origin_is_forbidden(srv, origin):
    _, value = cookie_session(srv)
    r = refresh_by_cookie(srv, value, Origin=origin)
    assert_problem(r, 403, "forbidden")
    assert find_cookie(r, REFRESH_COOKIE) is None
    assert_still_usable(srv, value)


def test_refresh_by_cookie_from_an_evil_origin_is_forbidden_whatever_sec_fetch_site_says(srv):
    _, value = cookie_session(srv)
    r = refresh_by_cookie(srv, value, **{"Origin": EVIL, "Sec-Fetch-Site": "same-origin"})
    assert_problem(r, 403, "forbidden")
    assert_still_usable(srv, value)


@pytest.mark.parametrize("origin", ["own", ALLOWED, "http://localhost:3000", "HTTPS://APP.example.com:443"])
def test_refresh_by_cookie_from_our_or_an_allowed_origin_passes(srv, origin):
    _, value = cookie_session(srv)
    r = refresh_by_cookie(srv, value, Origin=srv.url if origin == "own" else origin,
                          **{"Sec-Fetch-Site": "same-site"})
    assert r.status_code == 200, r.text
    assert find_cookie(r, REFRESH_COOKIE)[0] != value


@pytest.mark.parametrize("site", ["cross-site", "same-site", "something-else"])
def test_refresh_by_cookie_from_another_site_without_origin_is_forbidden(srv, site):
    _, value = cookie_session(srv)
    r = refresh_by_cookie(srv, value, **{"Sec-Fetch-Site": site})
    assert_problem(r, 403, "forbidden")
    assert_still_usable(srv, value)


@pytest.mark.parametrize("site", ["same-origin", "none"])
def test_refresh_by_cookie_same_origin_or_user_initiated_passes(srv, site):
    _, value = cookie_session(srv)
    r = refresh_by_cookie(srv, value, **{"Sec-Fetch-Site": site})
    assert r.status_code == 200, r.text


def test_refresh_by_cookie_with_neither_header_passes(srv):
    _, value = cookie_session(srv)
    r = refresh_by_cookie(srv, value)
    assert r.status_code == 200, r.text


def test_refresh_token_in_the_body_is_not_subject_to_the_rule(srv):
    acct = srv.client.register()
    r = srv.client.post("/v1/auth/refresh", json={"refresh_token": acct.refresh},
                        headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200, r.text
    # Even beside a cookie: the body's token is what authenticates.
    _, value = cookie_session(srv)
    r = srv.client.post("/v1/auth/refresh", json={"refresh_token": r.json()["refresh_token"]},
                        headers={"Origin": EVIL, "Cookie": f"{REFRESH_COOKIE}={value}"})
    assert r.status_code == 200, r.text


def test_logout_by_cookie_from_a_foreign_origin_is_forbidden_and_revokes_nothing(srv):
    acct, value = cookie_session(srv)
    for headers in ({"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site"}, {"Origin": "null"}):
        r = logout_by_cookie(srv, value, **headers)
        assert_problem(r, 403, "forbidden")
        assert find_cookie(r, REFRESH_COOKIE) is None, "a refused logout must not clear the cookie"
    assert_still_usable(srv, value)


@pytest.mark.parametrize("headers", [{"Origin": "own"}, {"Origin": ALLOWED},
                                     {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"},
                                     {}])
def test_logout_by_cookie_from_our_side_passes(srv, headers):
    _, value = cookie_session(srv)
    if headers.get("Origin") == "own":
        headers = {"Origin": srv.url}
    r = logout_by_cookie(srv, value, **headers)
    assert r.status_code == 204, r.text
    dead = refresh_by_cookie(srv, value)
    assert_problem(dead, 401, "token_invalid")


def test_logout_by_bearer_or_body_token_is_not_subject_to_the_rule(srv):
    acct = srv.client.register()
    r = srv.client.post("/v1/auth/logout", token=acct.access,
                        headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 204, r.text
    acct = srv.client.register()
    r = srv.client.post("/v1/auth/logout", json={"refresh_token": acct.refresh},
                        headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 204, r.text
    assert srv.client.refresh_raw(acct.refresh).status_code == 401


def test_other_routes_are_unaffected_by_a_foreign_origin(srv):
    acct = srv.client.register()
    r = srv.client.post("/v1/auth/login", json={"email": acct.email, "password": PASSWORD},
                        headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200, r.text


# ------------------------------------------------------------------------------------------
# two refresh cookies in one request


def test_two_refresh_cookies_in_one_header_are_refused(srv):
    _, mine = cookie_session(srv)
    _, planted = cookie_session(srv)
    for order in ((mine, planted), (planted, mine), (mine, mine)):
        cookie = f"{REFRESH_COOKIE}={order[0]}; theme=dark; {REFRESH_COOKIE}={order[1]}"
        r = srv.client.post("/v1/auth/refresh", headers={"Cookie": cookie})
        assert_problem(r, 400, "invalid_request")
        r = srv.client.post("/v1/auth/logout", headers={"Cookie": cookie})
        assert_problem(r, 400, "invalid_request")
    assert_still_usable(srv, mine)
    assert_still_usable(srv, planted)


def test_two_refresh_cookies_in_two_headers_are_refused(srv):
    _, mine = cookie_session(srv)
    _, planted = cookie_session(srv)
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.putrequest("POST", "/v1/auth/refresh")
        conn.putheader("Cookie", f"{REFRESH_COOKIE}={mine}")
        conn.putheader("Cookie", f"{REFRESH_COOKIE}={planted}")
        conn.putheader("Content-Length", "0")
        conn.endheaders()
        r = conn.getresponse()
        assert r.status == 400, r.read()
        assert b'"invalid_request"' in r.read()
    finally:
        conn.close()
    assert_still_usable(srv, mine)


def test_an_empty_second_refresh_cookie_is_refused_too(srv):
    _, mine = cookie_session(srv)
    r = srv.client.post("/v1/auth/refresh",
                        headers={"Cookie": f"{REFRESH_COOKIE}=; {REFRESH_COOKIE}={mine}"})
    assert_problem(r, 400, "invalid_request")


def test_a_cookie_of_another_name_does_not_count(srv):
    _, mine = cookie_session(srv)
    r = srv.client.post("/v1/auth/refresh",
                        headers={"Cookie": f"portcullis_refresh=planted; {REFRESH_COOKIE}={mine}"})
    assert r.status_code == 200, r.text


# ------------------------------------------------------------------------------------------
# the cookie's name, public_url and allowed_origins


def test_default_cookie_name_is_secure_prefixed_and_plain_when_cookie_secure_is_off(start_server):
    plain = start_server(env={"PORTCULLIS_COOKIE_SECURE": "false"})
    acct = plain.client.register()
    r = plain.client.login_raw(PASSWORD, email=acct.email, cookie=True)
    assert find_cookie(r, REFRESH_COOKIE) is None
    value, attrs, raw = find_cookie(r, "portcullis_refresh")
    assert "secure" not in attrs, raw
    r = plain.client.post("/v1/auth/refresh", headers={"Cookie": f"portcullis_refresh={value}",
                                                       "Origin": EVIL})
    assert_problem(r, 403, "forbidden")


def test_secure_default_cookie_is_secure(srv):
    acct = srv.client.register()
    r = srv.client.login_raw(PASSWORD, email=acct.email, cookie=True)
    value, attrs, raw = find_cookie(r, REFRESH_COOKIE)
    assert attrs.get("secure") is True, raw
    assert REFRESH_COOKIE.startswith("__Secure-")


def test_public_url_origin_is_ours(start_server):
    s = start_server(env={"PORTCULLIS_PUBLIC_URL": "https://Auth.Example.com/base/"})
    acct = s.client.register()
    r = s.client.login_raw(PASSWORD, email=acct.email, cookie=True)
    value = find_cookie(r, REFRESH_COOKIE)[0]
    # the listener's own address is no longer ours once public_url names another
    r = s.client.post("/v1/auth/refresh", headers={"Cookie": f"{REFRESH_COOKIE}={value}",
                                                   "Origin": s.url})
    assert_problem(r, 403, "forbidden")
    r = s.client.post("/v1/auth/refresh", headers={"Cookie": f"{REFRESH_COOKIE}={value}",
                                                   "Origin": "https://auth.example.com"})
    assert r.status_code == 200, r.text


def start_fails(tmp_path, env):
    env = base_env({**env, "PORTCULLIS_DATA_DIR": str(tmp_path / "data")})
    r = subprocess.run([BIN, "serve", "--listen", f"127.0.0.1:{free_port()}"], env=env,
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.mark.parametrize("value", ["https://app.example.com/", "app.example.com",
                                   "https://app.example.com/path", "null", "ftp://x.example"])
def test_allowed_origins_must_be_bare_origins(tmp_path, value):
    line = start_fails(tmp_path, {"PORTCULLIS_ALLOWED_ORIGINS": value})
    assert "allowed_origins" in line, line


def test_a_secure_prefixed_cookie_name_needs_cookie_secure(tmp_path):
    line = start_fails(tmp_path, {"PORTCULLIS_COOKIE_SECURE": "false",
                                  "PORTCULLIS_COOKIE__NAME": "__Secure-rt"})
    assert "cookie.name" in line, line
