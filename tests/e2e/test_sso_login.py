"""Single sign-on logins against a real OpenID Connect provider (node oidc-provider, tests/idp/),
driven like a browser: start, the provider's login form, the callback. Browser mode ends with the
session cookie and the refresh cookie and a 302 to /app; programmatic mode with a one-time exchange
code at the allowlisted redirect_uri; the flow's state is single use and bound to the browser that
started it; the provider's refusal, an open-redirect attempt and a user with TOTP on each end the
way the issue says. (ID-token defects: test_sso_tokens.py; whose account: test_sso_accounts.py.)"""

from __future__ import annotations

import urllib.parse

import pytest

from flows import APP, pkce_pair, query_param
from harness import PASSWORD, assert_problem, find_cookie
from sso_env import EVIL, REFRESH_COOKIE, SESSION_COOKIE, SsoEnv, loopback_browser
from sso_env import module_sso_env  # noqa: F401 (the `env` fixture)
from sso_idp import require_node
from test_mfa import enrol


def linked_person(env, provider="google"):
    """A password account and a person at `provider` with its address, verified: the first SSO
    login links them (sso_link_by_email is on by default)."""
    acct = env.verified_account("linked")
    return acct, env.person(provider, email=acct.email, email_verified=True, name="Linda Linked")


def assert_no_session(result):
    assert result.cookie(SESSION_COOKIE) is None, result.callback.headers
    assert result.cookie(REFRESH_COOKIE) is None, result.callback.headers
    for secret_word in ("access_token", "refresh_token", "id_token", "client_secret"):
        assert secret_word not in (result.location or ""), result.location


def assert_browser_error(env, result, code):
    assert result.callback.status_code == 302, (result.callback.status_code, result.callback.text)
    assert result.query("error") == code, result.location
    assert result.location.startswith(env.url) or not result.location.startswith("http"), \
        result.location
    assert_no_session(result)


def test_browser_mode_login_of_a_linked_user_sets_both_cookies_and_goes_to_app(env):
    acct, person = linked_person(env)
    result = env.login(person)
    r = result.callback
    assert r.status_code == 302, (r.status_code, r.text)
    assert result.location == f"{env.url}/app", result.location
    # the start bound the flow to this browser with an HttpOnly cookie
    start_cookies = result.start.raw.headers.getlist("Set-Cookie")
    assert start_cookies and all("httponly" in c.lower() for c in start_cookies), start_cookies

    token, attrs, raw = find_cookie(r, SESSION_COOKIE)
    assert attrs.get("httponly") is True and attrs.get("secure") is True, raw
    assert str(attrs.get("samesite", "")).lower() == "lax", raw
    assert find_cookie(r, REFRESH_COOKIE), r.raw.headers.getlist("Set-Cookie")
    claims = env.jwks_claims(token)
    assert claims["sub"] == acct.user["id"]
    assert "sso" in claims["amr"], claims
    # the provider's name is in a claim (amr or one of its own)
    assert any(v == "google" or (isinstance(v, list) and "google" in v)
               for v in claims.values()), claims
    # the provider was asked with PKCE and the code redeemed with its verifier
    assert env.idp.token_requests("google")[-1]["code_verifier"] is True

    # the session cookie alone authenticates the server's own routes
    p = env.server.client.get("/v1/me/profile", headers={"Cookie": f"{SESSION_COOKIE}={token}"})
    assert p.status_code == 200, p.text
    assert p.json()["id"] == acct.user["id"]


def test_the_second_login_of_a_known_identity_is_the_same_user(env):
    acct, person = linked_person(env)
    first = env.login(person)
    assert first.location == f"{env.url}/app", first.location
    again = env.login(person)  # a fresh browser: the provider asks for the password again
    assert again.location == f"{env.url}/app", again.location
    assert env.jwks_claims(again.cookie(SESSION_COOKIE))["sub"] == acct.user["id"]
    assert env.identities_of_subject("google", person.sub) == [(acct.user["id"],)]


def test_programmatic_mode_ends_at_the_redirect_uri_with_an_exchange_code(env):
    acct, person = linked_person(env)
    verifier, challenge = pkce_pair()
    result = env.login(person, redirect_uri=APP, code_challenge=challenge,
                       code_challenge_method="S256")
    assert result.callback.status_code == 302, result.callback.text
    assert result.location.startswith(APP + "?"), result.location
    assert result.cookie(SESSION_COOKIE) is None
    code = query_param(result.location, "code")
    client = env.server.client
    assert_problem(client.post("/v1/auth/exchange", json={"code": code}), 400)  # no verifier
    result = env.login(person, redirect_uri=APP, code_challenge=challenge,
                       code_challenge_method="S256")
    code = query_param(result.location, "code")
    r = client.post("/v1/auth/exchange", json={"code": code, "code_verifier": verifier})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"]["id"] == acct.user["id"]
    assert "sso" in env.jwks_claims(body["access_token"])["amr"]
    assert client.refresh_raw(body["refresh_token"]).status_code == 200
    # once only
    assert_problem(client.post("/v1/auth/exchange",
                               json={"code": code, "code_verifier": verifier}), 400)


def test_programmatic_mode_without_pkce(env):
    acct, person = linked_person(env)
    result = env.login(person, redirect_uri=APP)
    assert result.location.startswith(APP + "?"), result.location
    r = env.server.client.post("/v1/auth/exchange", json={"code": query_param(result.location,
                                                                               "code")})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == acct.user["id"]


def test_a_replayed_state_is_refused(env):
    _, person = linked_person(env)
    b, start, callback_url, _ = env.to_callback(person)
    first = env.finish(b, start, callback_url)
    assert first.location == f"{env.url}/app", first.location
    again = env.finish(b, start, callback_url)
    assert_browser_error(env, again, "invalid_state")


def test_a_state_from_another_browser_is_refused(env):
    _, person = linked_person(env)
    b, start, callback_url, _ = env.to_callback(person)
    other = loopback_browser()
    stolen = env.finish(other, start, callback_url)
    assert_browser_error(env, stolen, "invalid_state")


def test_a_forged_or_missing_state_is_refused(env):
    b = loopback_browser()
    for query in ("code=abc&state=made-up", "code=abc", ""):
        r = b.get(f"{env.callback_url('google')}?{query}")
        assert r.status_code == 302, (query, r.status_code, r.text)
        loc = r.headers["Location"]
        assert query_param(loc, "error") == "invalid_state", (query, loc)
        assert not any(SESSION_COOKIE in c for c in r.raw.headers.getlist("Set-Cookie"))


def test_the_providers_access_denied_answer(env):
    _, person = linked_person(env)
    b, start, callback_url, _ = env.to_callback(person, cancel=True)
    assert query_param(callback_url, "error") == "access_denied"
    result = env.finish(b, start, callback_url)
    assert_browser_error(env, result, "access_denied")


def test_access_denied_in_programmatic_mode_goes_to_the_redirect_uri(env):
    _, person = linked_person(env)
    b, start, callback_url, _ = env.to_callback(person, cancel=True, redirect_uri=APP)
    result = env.finish(b, start, callback_url)
    assert result.location.startswith(APP + "?"), result.location
    assert result.query("error") == "access_denied"
    assert result.query("code") is None
    assert_no_session(result)


@pytest.mark.parametrize("target", [EVIL, "//evil.example/x", APP.replace("app.", "app.evil."),
                                    "https://app.example.test.evil.example/callback",
                                    "javascript:alert(1)"])
def test_an_open_redirect_through_redirect_uri_is_refused(env, target):
    b = loopback_browser()
    r = b.get(env.start_url("google", redirect_uri=target))
    loc = r.headers.get("Location", "")
    assert r.status_code == 400, (r.status_code, loc, r.text)
    assert "evil" not in loc and not loc.startswith("javascript"), loc
    assert_problem(r, 400)


def test_an_unknown_provider(env):
    r = loopback_browser().get(env.start_url("nosuch"))
    assert r.status_code == 404, (r.status_code, r.text)


def test_a_user_with_totp_gets_an_mfa_ticket_and_finishes_with_the_code(env):
    client = env.server.client
    enrolled = enrol(client, env.verified_account("mfa"))
    person = env.person("google", email=enrolled.acct.email, email_verified=True)
    result = env.login(person)
    assert result.callback.status_code == 302, result.callback.text
    assert result.location.startswith(f"{env.url}/app/mfa?"), result.location
    assert_no_session(result)
    ticket = result.query("ticket")
    assert ticket
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": enrolled.codes.next()})
    assert r.status_code == 200, r.text
    claims = env.jwks_claims(r.json()["access_token"])
    assert claims["sub"] == enrolled.acct.user["id"]
    assert "sso" in claims["amr"] and "otp" in claims["amr"], claims
    assert "pwd" not in claims["amr"]

    # programmatic mode: the ticket travels to the redirect_uri
    result = env.login(person, redirect_uri=APP)
    assert result.location.startswith(APP + "?"), result.location
    ticket = result.query("mfa_ticket")
    assert ticket and result.query("code") is None
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": enrolled.codes.next()})
    assert r.status_code == 200, r.text


def test_a_trusted_providers_mfa_skips_the_totp_step(env):
    """[sso.corp] has trust_mfa on: its amr showing MFA is believed; without it, TOTP is asked."""
    enrolled = enrol(env.server.client, env.verified_account("mfa"))
    strong = env.person("corp", email=enrolled.acct.email, amr=["pwd", "mfa"])
    result = env.login(strong)
    assert result.location == f"{env.url}/app", result.location
    assert env.jwks_claims(result.cookie(SESSION_COOKIE))["sub"] == enrolled.acct.user["id"]
    weak_enrolled = enrol(env.server.client, env.verified_account("mfa"))
    weak = env.person("corp", email=weak_enrolled.acct.email, amr=["pwd"])
    result = env.login(weak)
    assert result.location.startswith(f"{env.url}/app/mfa?"), result.location
    # google's amr is not trusted (trust_mfa off)
    g = env.person("google", email=weak_enrolled.acct.email, amr=["pwd", "mfa"])
    result = env.login(g)
    assert result.location.startswith(f"{env.url}/app/mfa?"), result.location


def test_no_token_or_secret_in_the_servers_log(env):
    _, person = linked_person(env)
    result = env.login(person)
    token = result.cookie(SESSION_COOKIE)
    assert token
    log = env.server.read_log()
    cid, secret = env.secrets["google"]
    assert secret not in log
    assert token not in log
    assert PASSWORD not in log
    code = query_param(result.callback_url, "code")
    assert code not in log, "the provider's code is a credential too"
    assert urllib.parse.quote(secret) not in log


def test_starts_count_against_login_per_ip(start_server, tmp_path):
    """A start is a login attempt: beyond login_per_ip the start answers 429 and keeps no flow,
    so a flood of starts cannot hammer the provider or fill the ephemeral store."""
    require_node()
    limited = SsoEnv.start(start_server, tmp_path / "sso",
                           extra_env={"PORTCULLIS_RATE_LIMITS__LOGIN_PER_IP": "3/1m"})
    try:
        browser = loopback_browser()
        for _ in range(3):
            r = browser.get(limited.start_url("google"))
            assert r.status_code == 302 and limited.at_provider(r.headers["Location"]), r.text
        r = browser.get(limited.start_url("google"))
        assert_problem(r, 429, "rate_limited")
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert "portcullis_sso" not in r.headers.get("Set-Cookie", "")
    finally:
        limited.stop()


def test_logout_clears_the_browser_sessions_cookies(env):
    acct, person = linked_person(env)
    result = env.login(person)
    assert result.cookie(SESSION_COOKIE), result.callback.headers
    r = result.browser.http.post(f"{env.url}/v1/auth/logout", headers={"Origin": env.url},
                                 timeout=30)
    assert r.status_code == 204, r.text
    cleared = {c.split("=", 1)[0].strip(): c for c in r.raw.headers.getlist("Set-Cookie")}
    for name in (SESSION_COOKIE, REFRESH_COOKIE):
        assert name in cleared and "Max-Age=0" in cleared[name], cleared
    # The session is gone: its access token no longer authenticates.
    assert env.server.client.profile(result.cookie(SESSION_COOKIE)).status_code == 401


def test_a_cookie_refresh_renews_the_browser_sessions_access_cookie(env):
    """The access-token cookie lives as long as the session; a refresh by the cookies (the page's
    own origin) rotates the refresh cookie and puts the new access token in the access cookie."""
    acct, person = linked_person(env)
    result = env.login(person)
    old = result.cookie(SESSION_COOKIE)
    assert old
    r = result.browser.http.post(f"{env.url}/v1/auth/refresh", json={},
                                 headers={"Origin": env.url}, timeout=30)
    assert r.status_code == 200, r.text
    set_cookies = {c.split("=", 1)[0].strip(): c for c in r.raw.headers.getlist("Set-Cookie")}
    assert SESSION_COOKIE in set_cookies and REFRESH_COOKIE in set_cookies, set_cookies
    fresh = set_cookies[SESSION_COOKIE].split("=", 1)[1].split(";", 1)[0]
    assert fresh and fresh != old
    assert "HttpOnly" in set_cookies[SESSION_COOKIE]
    assert env.jwks_claims(fresh)["sub"] == acct.user["id"]
    # A client refreshing with a token in the body gets no access cookie.
    login = env.server.client.login(acct)
    r = env.server.client.post("/v1/auth/refresh", json={"refresh_token": login.refresh})
    assert r.status_code == 200, r.text
    assert not any(c.startswith(SESSION_COOKIE + "=") for c in r.raw.headers.getlist("Set-Cookie"))
