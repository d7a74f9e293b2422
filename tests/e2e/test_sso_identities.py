"""After a single sign-on login: the session cookie authenticates the server's own routes, and an
unsafe request authenticated by it must come from our own origin (a foreign Origin, or a
cross-site Sec-Fetch-Site, is refused with 403; Bearer requests are unaffected); the user's linked
identities are listed, another one is linked through a provider flow (step-up), and one is
unlinked — except the last way to log in, which answers 409."""

from __future__ import annotations

import time
import urllib.parse

from companies import active_company, invite, ticket_from_sink
from harness import PASSWORD, assert_problem, unique_email
from sso_env import SESSION_COOKIE, SsoEnv, loopback_browser
from sso_env import module_sso_env  # noqa: F401 (the `env` fixture)

FOREIGN = "https://evil.example"


def sso_login(env, provider="google"):
    """A password account linked to a person at `provider` by its first SSO login; returns
    (account, person, session cookie value)."""
    acct = env.verified_account("id")
    person = env.person(provider, email=acct.email, email_verified=True)
    result = env.login(person)
    assert result.location == f"{env.url}/app", result.location
    return acct, person, result.cookie(SESSION_COOKIE)


def cookie_patch(env, token, headers):
    h = {"Cookie": f"{SESSION_COOKIE}={token}", **headers}
    return env.server.client.patch("/v1/me/profile", json={"display_name": "Changed"}, headers=h)


def test_a_cookie_authenticated_post_from_a_foreign_origin_is_refused(env):
    acct, _, token = sso_login(env)
    r = cookie_patch(env, token, {"Origin": FOREIGN})
    assert_problem(r, 403)
    r = cookie_patch(env, token, {"Sec-Fetch-Site": "cross-site"})
    assert_problem(r, 403)
    r = cookie_patch(env, token, {"Origin": "null"})
    assert_problem(r, 403)
    profile = env.server.client.profile(acct.access).json()
    assert profile.get("display_name") != "Changed"


def test_a_cookie_authenticated_post_from_our_own_origin_is_accepted(env):
    acct, _, token = sso_login(env)
    r = cookie_patch(env, token, {"Origin": env.url})
    assert r.status_code == 200, r.text
    r = cookie_patch(env, token, {"Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 200, r.text
    assert env.server.client.profile(acct.access).json()["display_name"] == "Changed"


def test_bearer_requests_are_unaffected_by_the_origin_rule(env):
    acct, _, _ = sso_login(env)
    r = env.server.client.patch("/v1/me/profile", token=acct.access, json={"display_name": "B"},
                                headers={"Origin": FOREIGN, "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200, r.text


def test_the_identities_are_listed(env):
    acct, person, token = sso_login(env)
    r = env.server.client.get("/v1/me/identities", token=acct.access)
    assert r.status_code == 200, r.text
    identities = r.json()["identities"]
    assert len(identities) == 1, identities
    ident = identities[0]
    assert ident["provider"] == "google" and ident["subject"] == person.sub
    assert ident["email"] == acct.email and ident["id"]
    assert not {"client_secret", "access_token", "id_token"} & set(ident)
    # the cookie authenticates a read too
    r = env.server.client.get("/v1/me/identities", headers={"Cookie": f"{SESSION_COOKIE}={token}"})
    assert r.status_code == 200 and r.json()["identities"] == identities
    assert_problem(env.server.client.get("/v1/me/identities"), 401)


def start_link(env, acct, provider, browser):
    """POST /v1/me/identities/{provider}/link in `browser`; returns the provider URL it names."""
    r = browser.http.post(f"{env.url}/v1/me/identities/{provider}/link",
                          headers={"Authorization": f"Bearer {acct.access}"}, json={},
                          allow_redirects=False, timeout=30)
    if r.status_code == 302:
        return r, urllib.parse.urljoin(r.url, r.headers["Location"])
    if r.status_code == 200:
        body = r.json()
        return r, body.get("authorization_url") or body.get("url") or body.get("location")
    return r, None


def test_link_another_provider_then_unlink_it(env):
    acct, _, _ = sso_login(env)
    other = env.person("corp", email=unique_email("corp"), email_verified=True)
    b = loopback_browser()
    r, url = start_link(env, acct, "corp", b)
    assert url, (r.status_code, r.text)
    assert env.at_provider(url), url
    not_provider = lambda u: not env.at_provider(u)  # noqa: E731
    page, stop = b.follow(url, until=not_provider)
    page, stop = b.sign_in(page, other.login, other.password, until=not_provider)
    assert stop and env.is_callback(stop), stop
    done = b.get(stop)
    assert done.status_code == 302, done.text
    assert "error=" not in done.headers["Location"], done.headers["Location"]
    assert env.identities_of_subject("corp", other.sub) == [(acct.user["id"],)]

    listed = env.server.client.get("/v1/me/identities", token=acct.access).json()["identities"]
    assert {i["provider"] for i in listed} == {"google", "corp"}
    corp = next(i for i in listed if i["provider"] == "corp")
    # the linked corp identity logs in to the same account
    result = env.login(other)
    assert env.jwks_claims(result.cookie(SESSION_COOKIE))["sub"] == acct.user["id"]

    r = env.server.client.delete(f"/v1/me/identities/{corp['id']}", token=acct.access)
    assert r.status_code == 204, r.text
    assert env.identities_of_subject("corp", other.sub) == []
    assert_problem(env.server.client.delete(f"/v1/me/identities/{corp['id']}",
                                            token=acct.access), 404)


def test_an_identity_linked_to_another_account_is_not_taken_over(env):
    first, person, _ = sso_login(env)
    second = env.verified_account("second")
    b = loopback_browser()
    r, url = start_link(env, second, "google", b)
    assert url, (r.status_code, r.text)
    not_provider = lambda u: not env.at_provider(u)  # noqa: E731
    page, stop = b.follow(url, until=not_provider)
    page, stop = b.sign_in(page, person.login, person.password, until=not_provider)
    done = b.get(stop)
    assert "error=identity_taken" in done.headers.get("Location", ""), done.headers
    assert env.identities_of_subject("google", person.sub) == [(first.user["id"],)]


def test_the_link_route_needs_a_session_and_a_known_provider(env):
    acct, _, _ = sso_login(env)
    assert_problem(env.server.client.post("/v1/me/identities/corp/link", json={}), 401)
    r = env.server.client.post("/v1/me/identities/nosuch/link", token=acct.access, json={})
    assert r.status_code == 404, r.text


def test_linking_needs_a_recent_authentication(start_server, tmp_path):
    env = SsoEnv.start(start_server, tmp_path / "stepup",
                       extra_env={"PORTCULLIS_AUTH__STEP_UP_WINDOW": "1"})
    try:
        acct = env.verified_account("late")
        time.sleep(2.1)
        r, url = start_link(env, acct, "corp", loopback_browser())
        assert_problem(r, 403, "step_up_required")
        assert url is None
        r = env.server.client.post("/v1/auth/step-up", token=acct.access,
                                   json={"password": PASSWORD})
        assert r.status_code == 200, r.text
        acct.access = r.json()["access_token"]
        r, url = start_link(env, acct, "corp", loopback_browser())
        assert url and env.at_provider(url), (r.status_code, r.text)
    finally:
        env.stop()


def test_the_last_way_to_log_in_cannot_be_unlinked(env):
    client = env.server.client
    owner = client.register(unique_email("owner"))
    cid = active_company(owner.access)
    email = unique_email("only")
    invite(client, owner, cid, email)
    ticket = ticket_from_sink(env.sink, email)
    person = env.person("google", email=email, email_verified=True)
    result = env.login(person, invite=ticket)
    assert result.location == f"{env.url}/app", result.location
    token = result.cookie(SESSION_COOKIE)
    listed = client.get("/v1/me/identities", token=token).json()["identities"]
    assert len(listed) == 1
    r = client.delete(f"/v1/me/identities/{listed[0]['id']}", token=token)
    assert_problem(r, 409)
    assert env.identities_of_subject("google", person.sub) != []
    # the account has no password: logging in with one fails
    assert client.login_raw(PASSWORD, email=email).status_code == 401


def test_csrf_double_submit_adds_a_token_header(start_server, tmp_path):
    """With cookie.csrf_double_submit on, the single sign-on also sets a readable portcullis_csrf
    cookie; a cookie-authenticated unsafe request from our own origin must repeat it in
    X-CSRF-Token."""
    env = SsoEnv.start(start_server, tmp_path / "csrf",
                       extra_env={"PORTCULLIS_COOKIE__CSRF_DOUBLE_SUBMIT": "true"})
    try:
        acct = env.verified_account("csrf")
        person = env.person("google", email=acct.email, email_verified=True)
        result = env.login(person)
        assert result.location == f"{env.url}/app", result.location
        token, csrf = result.cookie(SESSION_COOKIE), result.cookie("portcullis_csrf")
        assert token and csrf, result.callback.raw.headers.getlist("Set-Cookie")
        cookies = f"{SESSION_COOKIE}={token}; portcullis_csrf={csrf}"
        own = {"Cookie": cookies, "Origin": env.url}
        assert_problem(cookie_patch_raw(env, own), 403)
        assert_problem(cookie_patch_raw(env, {**own, "X-CSRF-Token": "0" * len(csrf)}), 403)
        r = cookie_patch_raw(env, {**own, "X-CSRF-Token": csrf})
        assert r.status_code == 200, r.text
        # Bearer requests need no CSRF token
        r = env.server.client.patch("/v1/me/profile", token=acct.access,
                                    json={"display_name": "Bearer"})
        assert r.status_code == 200, r.text
    finally:
        env.stop()


def cookie_patch_raw(env, headers):
    return env.server.client.patch("/v1/me/profile", json={"display_name": "Changed"},
                                   headers=headers)
