"""HBP's account routes (document 002, HBP v2's behaviour where it is silent), each as the document
gives it: change-email (direct, or request/change by ticket with VERIFY_EMAILS), change-password
(with the old password, or request/change by ticket with LOST_PASSWORD_ENABLED), mfa
generate/enable/disable (a PNG QR code, pyotp codes), delete (ALLOW_USER_SELF_DELETE), jwks
(verified with PyJWT) and healthz. Errors are Boom bodies; a route whose flag is off answers
Boom's 500 as HBP did; the core's step-up rule holds. Sessions come from the native login: one
core, one session."""

from __future__ import annotations

import base64
import http
import io
import time

import jwt
import pyotp
from PIL import Image

from flows import flow_server, link_in, query_param
from harness import PASSWORD, Account, assert_problem, find_cookie, unique_email
from test_mfa import Codes

NEW_PASSWORD = "a completely new passphrase"
JSON = {"Content-Type": "application/json"}


def assert_boom(r, status, message=None):
    """r is a Boom error body {statusCode, error, message} of `status` (and `message`)."""
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/json"), r.headers
    body = r.json()
    assert set(body) == {"statusCode", "error", "message"}, body
    assert body["statusCode"] == status
    assert body["error"] == http.HTTPStatus(status).phrase
    if message is not None:
        assert body["message"] == message, body
    return body


def post(client, path, acct=None, json=None):
    return client.post(path, token=acct.access if acct else None, json=json)


# ------------------------------------------------------------------------------ change-email


def test_change_email_without_verification_is_immediate(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    client = server.client
    acct, other = client.register(), client.register()
    new_email = unique_email("moved")

    assert_boom(post(client, "/auth/change-email", json={"new_email": new_email}), 401)
    assert_boom(post(client, "/auth/change-email", acct, {}), 400, '"new_email" is required')
    assert_boom(post(client, "/auth/change-email", acct, {"new_email": 7}), 400,
                '"new_email" must be a string')
    assert_boom(post(client, "/auth/change-email", acct, {"new_email": new_email, "x": 1}), 400,
                '"x" is not allowed')
    assert_boom(post(client, "/auth/change-email", acct, {"new_email": "not-an-address"}), 400,
                '"new_email" must be a valid email')
    assert_boom(post(client, "/auth/change-email", acct, {"new_email": other.email}), 400,
                "Cannot use this email.")

    r = post(client, "/auth/change-email", acct, {"new_email": new_email})
    assert r.status_code == 204, r.text
    assert r.content == b""
    assert client.login_raw(email=new_email).status_code == 200
    assert client.login_raw(email=acct.email).status_code == 401

    # The ticket routes are VERIFY_EMAILS's: off, they answer as HBP did (before authentication).
    assert_boom(post(client, "/auth/change-email/request", json={"new_email": unique_email()}),
                500, "An internal server error occurred")
    assert_boom(post(client, "/auth/change-email/change", json={"ticket": "x"}), 500)


def test_change_email_with_verification_goes_through_the_mailed_ticket(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, VERIFY_EMAILS="true")
    client = server.client
    acct = client.register()
    new_email = unique_email("moved")

    assert_boom(post(client, "/auth/change-email", acct, {"new_email": new_email}), 500)
    assert_boom(post(client, "/auth/change-email/request", json={"new_email": new_email}), 401)
    r = post(client, "/auth/change-email/request", acct, {"new_email": new_email})
    assert r.status_code == 204, r.text
    ticket = query_param(link_in(mail_sink.wait_for(new_email)), "ticket")
    assert client.login_raw(email=acct.email).status_code == 200  # not changed yet

    assert_boom(post(client, "/auth/change-email/change", json={}), 400, '"ticket" is required')
    r = post(client, "/auth/change-email/change", json={"ticket": ticket})
    assert r.status_code == 204, r.text
    assert client.login_raw(email=new_email).status_code == 200
    assert_boom(post(client, "/auth/change-email/change", json={"ticket": ticket}), 401,
                "Invalid or expired ticket.")


# --------------------------------------------------------------------------- change-password


def test_change_password_with_the_old_one(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    client = server.client
    acct = client.register()
    other = client.login(acct)
    body = {"old_password": acct.password, "new_password": NEW_PASSWORD}

    assert_boom(post(client, "/auth/change-password", json=body), 401)
    assert_boom(post(client, "/auth/change-password", acct, {"new_password": NEW_PASSWORD}), 400,
                '"old_password" is required')
    assert_boom(post(client, "/auth/change-password", acct,
                     {"old_password": "not the password", "new_password": NEW_PASSWORD}),
                401, "Incorrect current password.")
    # The core password policy applies.
    assert_boom(post(client, "/auth/change-password", acct,
                     {"old_password": acct.password, "new_password": "password"}), 400)

    r = post(client, "/auth/change-password", acct, body)
    assert r.status_code == 204, r.text
    assert client.login_raw(NEW_PASSWORD, email=acct.email).status_code == 200
    assert client.login_raw(email=acct.email).status_code == 401
    assert client.profile(other.access).status_code == 401  # every other session is revoked


def test_change_password_failures_are_limited(start_server, mail_sink):
    server = flow_server(start_server, mail_sink,
                         RATE_LIMITS__PASSWORD_CHANGE_FAILURES_PER_ACCOUNT="2/15m")
    client = server.client
    acct = client.register()
    wrong = {"old_password": "not the password", "new_password": NEW_PASSWORD}
    for _ in range(2):
        assert_boom(post(client, "/auth/change-password", acct, wrong), 401)
    assert_boom(post(client, "/auth/change-password", acct, wrong), 429)
    assert_boom(post(client, "/auth/change-password", acct,
                     {"old_password": acct.password, "new_password": NEW_PASSWORD}), 429)


def test_lost_password_by_ticket(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    client = server.client
    acct = client.register()

    # The same 204 for an address without an account: no enumeration.
    r = post(client, "/auth/change-password/request", json={"email": unique_email("nobody")})
    assert r.status_code == 204, r.text
    assert_boom(post(client, "/auth/change-password/request", json={}), 400,
                '"email" is required')
    r = post(client, "/auth/change-password/request", json={"email": acct.email})
    assert r.status_code == 204, r.text
    ticket = query_param(link_in(mail_sink.wait_for(acct.email)), "ticket")

    assert_boom(post(client, "/auth/change-password/change", json={"ticket": ticket}), 400,
                '"new_password" is required')
    assert_boom(post(client, "/auth/change-password/change",
                     json={"ticket": ticket, "new_password": "password"}), 400)
    r = post(client, "/auth/change-password/change",
             json={"ticket": ticket, "new_password": NEW_PASSWORD})
    assert r.status_code == 204, r.text
    assert client.login_raw(NEW_PASSWORD, email=acct.email).status_code == 200
    assert_boom(post(client, "/auth/change-password/change",
                     json={"ticket": ticket, "new_password": NEW_PASSWORD}), 401,
                "Invalid or expired ticket.")


def test_lost_password_routes_are_off_without_the_flag(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, LOST_PASSWORD_ENABLED="false")
    client = server.client
    acct = client.register()
    assert_boom(post(client, "/auth/change-password/request", json={"email": acct.email}), 500,
                "An internal server error occurred")
    assert_boom(post(client, "/auth/change-password/change",
                     json={"ticket": "x", "new_password": NEW_PASSWORD}), 500)
    # Changing it with the old password is not the flag's.
    r = post(client, "/auth/change-password", acct,
             {"old_password": acct.password, "new_password": NEW_PASSWORD})
    assert r.status_code == 204, r.text


# ----------------------------------------------------------------------------------------- mfa


def decode_qr_png(image_url):
    """The PNG of a data URL as a Pillow image, after checking it is a QR code's: square, a
    white quiet zone and the top-left finder pattern (7×7 dark ring, light ring, 3×3 dark)."""
    prefix = "data:image/png;base64,"
    assert image_url.startswith(prefix), image_url[:40]
    image = Image.open(io.BytesIO(base64.b64decode(image_url[len(prefix):], validate=True)))
    assert image.format == "PNG"
    image = image.convert("L")
    width, height = image.size
    assert width == height
    # The quiet zone is 4 modules wide: the first dark pixel of the diagonal is 4 modules in.
    first_dark = next(i for i in range(width) if image.getpixel((i, i)) < 128)
    assert first_dark > 0 and first_dark % 4 == 0
    module = first_dark // 4
    modules = width // module
    assert width % module == 0 and (modules - 8 - 17) % 4 == 0  # a QR version's size

    def dark(mx, my):
        return image.getpixel((mx * module + module // 2, my * module + module // 2)) < 128

    for x in range(modules):
        assert not dark(x, 0) and not dark(0, x)
    for i in range(7):
        for j in range(7):
            ring = max(abs(i - 3), abs(j - 3))
            assert dark(4 + i, 4 + j) == (ring != 2), (i, j)
    return image


def test_mfa_generate_enable_disable(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    client = server.client
    acct = client.register()

    assert_boom(post(client, "/auth/mfa/generate"), 401)
    assert_boom(post(client, "/auth/mfa/enable", acct, {"code": "123456"}), 400,
                "OTP secret is not set.")
    r = post(client, "/auth/mfa/generate", acct)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"image_url", "otp_secret"}
    decode_qr_png(body["image_url"])
    secret = body["otp_secret"]
    base64.b32decode(secret + "=" * (-len(secret) % 8))
    codes = Codes(secret)

    assert_boom(post(client, "/auth/mfa/enable", acct, {}), 400, '"code" is required')
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    assert_boom(post(client, "/auth/mfa/enable", acct, {"code": wrong}), 401,
                "Invalid two-factor code.")
    r = post(client, "/auth/mfa/enable", acct, {"code": codes.next()})
    assert r.status_code == 204, r.text
    assert r.content == b""
    assert_boom(post(client, "/auth/mfa/generate", acct), 400, "MFA is already enabled.")

    # The core now asks every login for the second factor.
    assert_problem(client.login_raw(email=acct.email), 401, "mfa_required")
    assert client.login_raw(email=acct.email, totp_code=codes.next()).status_code == 200

    r = post(client, "/auth/mfa/disable", acct, {"code": codes.next()})
    assert r.status_code == 204, r.text
    assert client.login_raw(email=acct.email).status_code == 200
    assert_boom(post(client, "/auth/mfa/disable", acct, {"code": codes.next()}), 400,
                "MFA is already disabled.")


# -------------------------------------------------------------------------------------- delete


def test_delete_when_self_delete_is_allowed(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, ALLOW_USER_SELF_DELETE="true")
    client = server.client
    acct = client.register()
    other = client.login(acct)
    assert_boom(post(client, "/auth/delete"), 401)
    r = post(client, "/auth/delete", acct)
    assert r.status_code == 204, r.text
    value, attrs, _ = find_cookie(r, "refresh_token")  # cleared, as HBP cleared it
    assert value == "" and attrs.get("max-age") == "0", attrs
    for session in (acct, other):
        assert client.profile(session.access).status_code == 401
    assert client.login_raw(email=acct.email).status_code == 401


def test_delete_is_off_without_the_flag(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    client = server.client
    acct = client.register()
    assert_boom(post(client, "/auth/delete"), 500, "An internal server error occurred")
    assert_boom(post(client, "/auth/delete", acct), 500)
    assert client.profile(acct.access).status_code == 200


# ------------------------------------------------------------------------- cookie authentication


def test_the_refresh_token_cookie_alone_authenticates_under_the_origin_rule(client):
    """HBP's clients call the account routes with the HttpOnly refresh_token cookie that
    /auth/register and /auth/login set, and no Authorization header."""
    email = unique_email("hbp")
    r = client.post("/auth/register", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    value, _, _ = find_cookie(r, "refresh_token")
    cookie = {"Cookie": f"refresh_token={value}"}
    evil = {**cookie, "Origin": "https://evil.example"}

    assert_boom(client.post("/auth/mfa/generate"), 401, "Not logged in")
    assert_boom(client.post("/auth/mfa/generate", headers=evil), 403)
    r = client.post("/auth/mfa/generate", headers={**cookie, "Origin": client.base})
    assert r.status_code == 200, r.text
    decode_qr_png(r.json()["image_url"])

    body = {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert_boom(client.post("/auth/change-password", json=body, headers=evil), 403)
    assert client.login_raw(email=email).status_code == 200  # unchanged
    r = client.post("/auth/change-password", json=body, headers=cookie)
    assert r.status_code == 204, r.text
    assert client.login_raw(NEW_PASSWORD, email=email).status_code == 200


# ------------------------------------------------------------------------------------- step-up


def test_a_stale_login_must_log_in_again(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, ALLOW_USER_SELF_DELETE="true",
                         AUTH__STEP_UP_WINDOW="1")
    client = server.client
    acct = client.register()
    time.sleep(2.1)
    again = "This operation needs a recent login: log in again and retry."
    assert_boom(post(client, "/auth/change-email", acct, {"new_email": unique_email()}), 403,
                again)
    assert_boom(post(client, "/auth/mfa/generate", acct), 403, again)
    assert_boom(post(client, "/auth/mfa/disable", acct, {"code": "123456"}), 403, again)
    assert_boom(post(client, "/auth/delete", acct), 403, again)
    assert client.profile(acct.access).status_code == 200
    # The old password is the re-authentication of a password change.
    r = post(client, "/auth/change-password", acct,
             {"old_password": acct.password, "new_password": NEW_PASSWORD})
    assert r.status_code == 204, r.text
    # A new login is recent again.
    fresh = client.login(Account(acct.email, NEW_PASSWORD, {}))
    assert post(client, "/auth/mfa/generate", fresh).status_code == 200


# ----------------------------------------------------------------------------- jwks, healthz


def test_jwks_verifies_access_tokens(start_server):
    for alg in ("ES256", "RS256"):
        server = start_server(env={"PORTCULLIS_JWT_ALG": alg}, secret=None)
        client = server.client
        acct = client.register()
        r = client.get("/auth/jwks")
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("application/json")
        keys = jwt.PyJWKSet.from_dict(r.json())
        kid = jwt.get_unverified_header(acct.access)["kid"]
        key = next(k for k in keys.keys if k.key_id == kid)
        claims = jwt.decode(acct.access, key.key, algorithms=[alg],
                            options={"verify_aud": False})
        assert claims["sub"] == acct.user["id"]
        for k in r.json()["keys"]:
            assert "d" not in k and "p" not in k  # public keys only


def test_jwks_with_a_shared_secret_is_not_implemented(client):
    assert_boom(client.get("/auth/jwks"), 501, "JWKS is not implemented on this server.")


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.text == "OK"
    assert client.get("/health").status_code == 204  # the server's own
