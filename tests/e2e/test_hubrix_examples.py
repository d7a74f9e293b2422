"""The Hubrix document's (000_4959f8b13f4db129.txt) own examples, run verbatim: its three curl
lines through the real curl binary — login with totp_code, refresh, an hbx_ API key as Bearer on
/v1/me/profile — with only the host and the placeholders (you@example.com, YOUR_PASSWORD, 123456,
abc123..., hbx_your_api_key_here) replaced by live values, and the answers and token claims the
document shows. The flows themselves are tested in depth elsewhere (test_mfa.py, test_refresh.py,
test_api_keys.py, test_sessions.py); this file checks that the document's words work as written.

The page's text folds each curl's line breaks ("\\ -H" on one line, which a shell would read as an
escaped space); the lines below restore the breaks and change nothing else."""

from __future__ import annotations

import json
import subprocess
import time

import jwt
import pytest

from company_keys import sink, world  # noqa: F401 (module fixtures)
from harness import JWT_SECRET, PASSWORD, assert_problem, unique_email
from test_mfa import enrol

HOST = "https://api.hubrix.ai"
LOGIN = """curl -X POST https://api.hubrix.ai/v1/auth/login \\
-H "Content-Type: application/json" \\
-d '{"email": "you@example.com", "password": "YOUR_PASSWORD", "totp_code": "123456"}'"""
REFRESH = """curl -X POST https://api.hubrix.ai/v1/auth/refresh \\
-H "Content-Type: application/json" \\
-d '{"refresh_token": "abc123..."}'"""
PROFILE_WITH_KEY = """curl https://api.hubrix.ai/v1/me/profile \\
 -H "Authorization: Bearer hbx_your_api_key_here\""""


@pytest.fixture(scope="module")
def server(module_server_pool, sink):  # noqa: F811
    return module_server_pool(env=sink.env())


def run_curl(line, server, **placeholders):
    """Runs the document's curl line in a shell with the host and `placeholders` replaced; returns
    (status, parsed JSON body or text)."""
    command = line.replace(HOST, server.url)
    for placeholder, value in placeholders.items():
        assert placeholder in command, placeholder
        assert "'" not in value and '"' not in value, value
        command = command.replace(placeholder, value)
    # -sS and the status on a last line of its own; --noproxy: the server is on loopback.
    command = command.replace("curl ", "curl -sS --noproxy '*' -w '\\n%{http_code}' ", 1)
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    body, status = out.stdout.rsplit("\n", 1)
    try:
        return int(status), json.loads(body)
    except json.JSONDecodeError:
        return int(status), body


def test_login_with_totp_code_in_the_same_body(server):
    e = enrol(server.client, server.client.register(unique_email("you")))
    status, body = run_curl(LOGIN, server, **{"you@example.com": e.acct.email,
                                              "YOUR_PASSWORD": PASSWORD,
                                              "123456": e.codes.next()})
    assert status == 200, body
    # The answer the document shows: access_token, refresh_token, user {id, email, role}.
    assert {"access_token", "refresh_token", "user"} <= set(body), body
    user = body["user"]
    assert user["email"] == e.acct.email and user["role"] == "owner" and user["id"], user
    # "JWT, valid 15 minutes", HS256, with the claims the document lists.
    c = jwt.decode(body["access_token"], JWT_SECRET, algorithms=["HS256"],
                   options={"verify_aud": False})
    assert c["sub"] == user["id"] and c["role"] == "owner" and c["cid"]
    assert c["exp"] - c["iat"] == 15 * 60 and abs(c["exp"] - (time.time() + 900)) < 30
    # "An omitted TOTP code returns 401 mfa_required."
    r = server.client.login_raw(PASSWORD, email=e.acct.email)
    assert_problem(r, 401, "mfa_required")


def test_login_without_mfa_and_refresh_rotates(server):
    acct = server.client.register(unique_email("you"))
    # Without MFA the same line works without the totp_code member, as the document says.
    line = LOGIN.replace(', "totp_code": "123456"', "")
    status, body = run_curl(line, server, **{"you@example.com": acct.email,
                                             "YOUR_PASSWORD": PASSWORD})
    assert status == 200, body
    first = body["refresh_token"]
    status, body = run_curl(REFRESH, server, **{"abc123...": first})
    assert status == 200, body
    second = body["refresh_token"]
    assert second != first and server.client.profile(body["access_token"]).status_code == 200
    # "Each call rotates the refresh token": the newer one rotates again.
    status, body = run_curl(REFRESH, server, **{"abc123...": second})
    assert status == 200, body
    assert body["refresh_token"] not in (first, second)


def test_api_key_as_bearer_on_me_profile(server, world):  # noqa: F811
    acme = world.company()
    key = world.api_key(acme)["key"]
    assert key.startswith("hbx_")
    status, body = run_curl(PROFILE_WITH_KEY, server, hbx_your_api_key_here=key)
    assert status == 200, body
    # "Keys authenticate as the company without user context": a well-formed unknown key does not.
    status, body = run_curl(PROFILE_WITH_KEY, server, hbx_your_api_key_here="hbx_" + "A" * 43)
    assert status == 401, body


def test_revoke_all_sessions(server):
    acct = server.client.register()
    other = server.client.login(acct)
    r = server.client.post("/v1/me/sessions/revoke-all", token=acct.access)
    assert r.status_code in (200, 204), r.text
    assert server.client.refresh_raw(acct.refresh).status_code == 401
    assert server.client.refresh_raw(other.refresh).status_code == 401
