"""HBP's session routes (document 002, as HBP v2's clients use them): POST /auth/register and
/auth/login answer {jwt_token, jwt_expires_in (milliseconds), user} with the refresh token in the
HttpOnly refresh_token cookie by default (in the body with cookie: false); a user with MFA gets
{mfa: true, ticket} and POST /auth/mfa/totp; GET /auth/token/refresh rotates by query or cookie;
POST /auth/logout and /auth/token/revoke end sessions; the refresh_token cookie alone
authenticates, under the origin rule; GET /auth/activate and /auth/magic-link redirect with
refresh_token=; errors are Boom bodies; an HBP session is a native session."""

from __future__ import annotations

import time
import urllib.parse

import jwt
import pyotp
import pytest

from flows import APP, flow_server, query_param
from harness import JWT_SECRET, PASSWORD, find_cookie, unique_email

COOKIE = "refresh_token"
ERROR_URL = "https://app.example.test/failed"
EVIL = "https://evil.example"


def claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})


def assert_boom(r, status, message=None):
    assert r.status_code == status, r.text
    body = r.json()
    reasons = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
               409: "Conflict", 500: "Internal Server Error"}
    assert body["statusCode"] == status
    assert body["error"] == reasons[status]
    if message is not None:
        assert body["message"] == message, body
    return body


def assert_session(r, email, refresh_in_body):
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["jwt_expires_in"] == 900000
    c = claims(body["jwt_token"])
    assert c["exp"] - c["iat"] == 900
    assert c["sub"] == body["user"]["id"]
    assert body["user"]["email"] == email
    assert body["user"]["display_name"] == email
    assert body["user"]["avatar_url"] is None
    assert ("refresh_token" in body) == refresh_in_body
    return body


def refresh_cookie(r):
    found = find_cookie(r, COOKIE)
    assert found, f"no {COOKIE} cookie: {r.headers}"
    value, attrs, _ = found
    assert attrs.get("httponly") is True
    assert attrs.get("samesite", "").lower() == "lax"
    assert attrs.get("secure") is True
    assert attrs.get("path") == "/"
    assert int(attrs["max-age"]) == 30 * 24 * 3600
    return value


def hbp_register(client, email=None, **extra):
    email = email or unique_email("hbp")
    return email, client.post("/auth/register", json={"email": email, "password": PASSWORD,
                                                        **extra})


def hbp_login(client, email, **extra):
    return client.post("/auth/login", json={"email": email, "password": PASSWORD, **extra})


def with_cookie(value, **headers):
    return {"Cookie": f"{COOKIE}={value}", **headers}


# --- register, login, tokens


def test_register_answers_a_session_with_the_refresh_token_in_a_cookie(client):
    email, r = hbp_register(client)
    body = assert_session(r, email, refresh_in_body=False)
    token = refresh_cookie(r)
    r = client.get("/auth/token/refresh", headers=with_cookie(token))
    assert_session(r, email, refresh_in_body=False)
    rotated = refresh_cookie(r)
    assert rotated != token
    assert claims(r.json()["jwt_token"])["sub"] == body["user"]["id"]


def test_cookie_false_puts_the_refresh_token_in_the_body_and_refresh_rotates_it(client):
    email, r = hbp_register(client, cookie=False)
    first = assert_session(r, email, refresh_in_body=True)["refresh_token"]
    r = client.get("/auth/token/refresh?refresh_token=" + urllib.parse.quote(first))
    second = assert_session(r, email, refresh_in_body=True)["refresh_token"]
    assert second != first
    assert find_cookie(r, COOKIE) is None
    # The spent token, replayed within the race grace: refused, the session lives on.
    assert_boom(client.get("/auth/token/refresh?refresh_token=" + urllib.parse.quote(first)), 401)
    r = client.get("/auth/token/refresh?refresh_token=" + urllib.parse.quote(second))
    assert_session(r, email, refresh_in_body=True)
    assert_boom(client.get("/auth/token/refresh"), 401, "Invalid or expired refresh token.")


def test_login_and_the_same_401_for_a_wrong_password_and_an_unknown_email(client):
    email, _ = hbp_register(client)
    r = hbp_login(client, email)
    assert_session(r, email, refresh_in_body=False)
    refresh_cookie(r)
    r = hbp_login(client, email, cookie=False)
    assert_session(r, email, refresh_in_body=True)
    wrong = client.post("/auth/login", json={"email": email, "password": "not the password"})
    unknown = client.post("/auth/login", json={"email": unique_email("nobody"),
                                               "password": PASSWORD})
    assert assert_boom(wrong, 401) == assert_boom(unknown, 401)
    assert wrong.json()["message"] == "Username and password do not match"
    assert_boom(hbp_register(client, email)[1], 409)  # a taken address: the core's answer


def test_validation_errors_name_the_field_as_joi_did(client):
    assert_boom(client.post("/auth/login", json={"password": PASSWORD}), 400,
                '"email" is required')
    assert_boom(client.post("/auth/login", json={"email": unique_email()}), 400,
                '"password" is required')  # magic links are off
    assert_boom(client.post("/auth/login", json={"email": 5, "password": PASSWORD}), 400)
    assert_boom(client.post("/auth/register", json={"email": unique_email(), "password": PASSWORD,
                                                   "nickname": "x"}), 400,
                '"nickname" is not allowed')
    assert_boom(client.post("/auth/register",
                            json={"email": unique_email(), "password": PASSWORD,
                                  "user_data": {"company": "x"}}), 400,
                '"user_data.company" is not allowed')


def test_register_options_and_user_data(start_server):
    server = start_server(env={"PORTCULLIS_REGISTRATION_CUSTOM_FIELDS":
                               "display_name,company"})
    email = unique_email("hbp")
    r = server.client.post("/auth/register", json={
        "email": email, "password": PASSWORD, "cookie": False,
        "user_data": {"display_name": "Ada", "company": "Analytical"}})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["display_name"] == "Ada"
    profile = server.client.get("/v1/me/profile", token=r.json()["jwt_token"]).json()
    assert profile["metadata"] == {"display_name": "Ada", "company": "Analytical"}
    r = server.client.post("/auth/register", json={
        "email": unique_email(), "password": PASSWORD,
        "register_options": {"allowed_roles": "user"}})
    assert_boom(r, 400, '"register_options.allowed_roles" must be an array')


# --- the refresh_token cookie as the caller's credential


def test_revoke_by_cookie_alone_ends_every_session(client):
    email, r = hbp_register(client)
    first = refresh_cookie(r)
    other = hbp_login(client, email, cookie=False).json()
    r = client.post("/auth/token/revoke", headers=with_cookie(first))
    assert r.status_code == 204, r.text
    assert_boom(client.get("/auth/token/refresh", headers=with_cookie(first)), 401)
    assert_boom(client.get("/auth/token/refresh?refresh_token=" + other["refresh_token"]), 401)
    assert client.get("/v1/me/profile", token=other["jwt_token"]).status_code == 401
    assert_boom(client.post("/auth/token/revoke"), 401, "Not logged in")


def test_revoke_by_bearer(client):
    email, r = hbp_register(client, cookie=False)
    body = r.json()
    r = client.post("/auth/token/revoke", token=body["jwt_token"])
    assert r.status_code == 204, r.text
    assert_boom(client.get("/auth/token/refresh?refresh_token=" + body["refresh_token"]), 401)


def test_a_cross_site_cookie_request_is_refused_by_the_origin_rule(client):
    email, r = hbp_register(client)
    token = refresh_cookie(r)
    assert_boom(client.post("/auth/token/revoke", headers=with_cookie(token, Origin=EVIL)), 403)
    assert_boom(client.post("/auth/logout", headers=with_cookie(token, Origin=EVIL)), 403)
    r = client.post("/auth/logout",
                    headers=with_cookie(token, **{"Sec-Fetch-Site": "cross-site"}))
    assert_boom(r, 403)
    # The session is untouched; its own origin may end it.
    r = client.post("/auth/logout", headers=with_cookie(token, Origin=client.base))
    assert r.status_code == 204, r.text


def test_a_spent_cookie_authenticates_nothing(client):
    email, r = hbp_register(client)
    old = refresh_cookie(r)
    new = refresh_cookie(client.get("/auth/token/refresh", headers=with_cookie(old)))
    assert_boom(client.post("/auth/token/revoke", headers=with_cookie(old)), 401)
    assert client.post("/auth/token/revoke", headers=with_cookie(new)).status_code == 204


# --- logout


def test_logout_by_cookie_clears_it_and_ends_only_that_session(client):
    email, r = hbp_register(client)
    token = refresh_cookie(r)
    other = hbp_login(client, email, cookie=False).json()
    r = client.post("/auth/logout", headers=with_cookie(token))
    assert r.status_code == 204, r.text
    value, attrs, _ = find_cookie(r, COOKIE)
    assert value == "" and int(attrs["max-age"]) == 0
    assert_boom(client.get("/auth/token/refresh", headers=with_cookie(token)), 401)
    r = client.get("/auth/token/refresh?refresh_token=" + other["refresh_token"])
    assert r.status_code == 200, r.text


def test_logout_all_by_query_token(client):
    email, r = hbp_register(client, cookie=False)
    first = r.json()["refresh_token"]
    second = hbp_login(client, email, cookie=False).json()["refresh_token"]
    r = client.post("/auth/logout?refresh_token=" + first, json={"all": True})
    assert r.status_code == 204, r.text
    assert_boom(client.get("/auth/token/refresh?refresh_token=" + second), 401)
    assert_boom(client.post("/auth/logout"), 401, "Invalid or expired refresh token.")
    # A token that names no live session: 204, as HBP answered.
    assert client.post("/auth/logout?refresh_token=" + first).status_code == 204


# --- MFA


def test_a_user_with_mfa_gets_a_ticket_then_a_session_from_mfa_totp(client):
    email, r = hbp_register(client, cookie=False)
    access = r.json()["jwt_token"]
    secret = client.post("/v1/me/mfa/setup", token=access, json={}).json()["secret"]
    totp = pyotp.TOTP(secret)
    step = int(time.time() // 30)
    r = client.post("/v1/me/mfa/verify", token=access, json={"code": totp.at(step * 30)})
    assert r.status_code == 200, r.text
    r = hbp_login(client, email)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mfa"] is True and body["ticket"]
    assert "jwt_token" not in body and find_cookie(r, COOKIE) is None
    r = client.post("/auth/mfa/totp", json={"ticket": body["ticket"],
                                            "code": totp.at((step + 1) * 30)})
    assert_session(r, email, refresh_in_body=False)
    refresh_cookie(r)
    assert claims(r.json()["jwt_token"])["amr"] == ["pwd", "otp"]
    assert_boom(client.post("/auth/mfa/totp", json={"ticket": body["ticket"]}), 400,
                '"code" is required')


# --- one core


def test_an_hbp_user_and_session_are_native_ones(client):
    email, r = hbp_register(client, cookie=False)
    hbp = r.json()
    native = client.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert native.status_code == 200, native.text
    assert native.json()["user"]["id"] == hbp["user"]["id"]
    sessions = client.get("/v1/me/sessions", token=native.json()["access_token"]).json()
    ids = {s["id"] for s in sessions["sessions"]} if isinstance(sessions, dict) else \
        {s["id"] for s in sessions}
    assert claims(hbp["jwt_token"])["sid"] in ids
    # Native logout of the HBP session by its refresh token.
    r = client.post("/v1/auth/logout", json={"refresh_token": hbp["refresh_token"]})
    assert r.status_code == 204, r.text
    assert_boom(client.get("/auth/token/refresh?refresh_token=" + hbp["refresh_token"]), 401)
    assert client.get("/v1/me/profile", token=hbp["jwt_token"]).status_code == 401


# --- mailed links


def test_activation_redirects_with_a_refresh_token(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, AUTO_ACTIVATE_NEW_USERS="false",
                         REDIRECT_URL_SUCCESS=APP, REDIRECT_URL_ERROR=ERROR_URL)
    c = server.client
    email, r = hbp_register(c)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["jwt_token"] is None and body["jwt_expires_in"] is None
    assert body["user"]["email"] == email and "refresh_token" not in body
    assert find_cookie(r, COOKIE) is None
    ticket = query_param(mail_sink.wait_for(email).links[0], "ticket")
    r = c.get("/auth/activate?ticket=" + urllib.parse.quote(ticket))
    assert r.status_code == 302, r.text
    location = r.headers["Location"]
    assert location.startswith(APP + "?refresh_token=")
    token = query_param(location, "refresh_token")
    assert refresh_cookie(r) == token
    r = c.get("/auth/token/refresh?refresh_token=" + urllib.parse.quote(token))
    assert_session(r, email, refresh_in_body=True)
    # A spent or unknown ticket goes to REDIRECT_URL_ERROR.
    r = c.get("/auth/activate?ticket=" + urllib.parse.quote(ticket))
    assert r.status_code == 302 and r.headers["Location"] == ERROR_URL
    assert_boom(c.get("/auth/activate"), 400, '"ticket" is required')


def test_magic_link_login_and_register(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, MAGIC_LINK_ENABLED="true",
                         MAGIC_LINK_SIGNUP="true", REDIRECT_URL_SUCCESS=APP + "?from=hbp",
                         REDIRECT_URL_ERROR=ERROR_URL)
    c = server.client
    email, r = hbp_register(c)
    r = c.post("/auth/login", json={"email": email})
    assert r.status_code == 200, r.text
    assert r.json() == {"magicLink": True}
    token = query_param(mail_sink.wait_for(email).links[0], "token")
    r = c.get(f"/auth/magic-link?action=log-in&cookie=false&token={urllib.parse.quote(token)}")
    assert r.status_code == 302, r.text
    location = r.headers["Location"]
    assert location.startswith(APP + "?from=hbp&refresh_token=")
    assert find_cookie(r, COOKIE) is None
    r = c.get("/auth/token/refresh?refresh_token=" + query_param(location, "refresh_token"))
    assert_session(r, email, refresh_in_body=True)
    assert claims(r.json()["jwt_token"])["amr"] == ["email"]
    r = c.get(f"/auth/magic-link?action=log-in&token={urllib.parse.quote(token)}")
    assert r.status_code == 302 and r.headers["Location"] == ERROR_URL
    assert_boom(c.get(f"/auth/magic-link?action=sign-in&token=x"), 400,
                '"action" must be one of [log-in, register]')
    # Registration without a password: the link creates the account.
    newcomer = unique_email("magic")
    r = c.post("/auth/register", json={"email": newcomer})
    assert r.status_code == 200, r.text
    assert r.json()["jwt_token"] is None
    token = query_param(mail_sink.wait_for(newcomer).links[0], "token")
    r = c.get(f"/auth/magic-link?action=register&token={urllib.parse.quote(token)}")
    assert r.status_code == 302, r.text
    assert refresh_cookie(r) == query_param(r.headers["Location"], "refresh_token")


def test_mail_links_lead_to_hbps_own_routes_when_asked(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, AUTO_ACTIVATE_NEW_USERS="false",
                         MAGIC_LINK_ENABLED="true", REDIRECT_URL_SUCCESS=APP,
                         DIALECTS__HBP__MAIL_LINKS="true")
    c = server.client
    email, r = hbp_register(c)
    assert r.status_code == 200, r.text
    link = mail_sink.wait_for(email).links[0]
    assert link.startswith(server.url + "/auth/activate?ticket=")
    r = c.get(link[len(server.url):])
    assert r.status_code == 302 and r.headers["Location"].startswith(APP + "?refresh_token=")
    assert c.post("/auth/login", json={"email": email}).json() == {"magicLink": True}
    links = mail_sink.wait_for(email, count=2).links
    assert links[0].startswith(server.url + "/auth/magic-link?action=log-in&token=")
    r = c.get(links[0][len(server.url):])
    assert r.status_code == 302 and r.headers["Location"].startswith(APP + "?refresh_token=")
