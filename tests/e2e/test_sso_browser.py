"""The browser-mode single sign-on login once in a real browser: headless Chromium (Debian's
chromium, driven by playwright-core from tests/idp's npm packages) opens the start URL, signs in on
the provider's form (tests/idp's oidc-provider) and lands on /app with the HttpOnly session cookie
and the refresh cookie set by real redirects; the page's own same-origin requests are then
authenticated by that cookie (a GET, and a PATCH that passes the origin rule)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile

import pytest

from sso_env import REFRESH_COOKIE, SESSION_COOKIE, SsoEnv
from sso_idp import ensure_node_packages, node_env, require_node, require_tool

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def env(start_server, tmp_path):
    require_node()
    require_tool("chromium", "the browser test drives Debian's chromium")
    e = SsoEnv.start(start_server, tmp_path / "sso")
    yield e
    e.stop()


@pytest.fixture
def short_tmp():
    path = tempfile.mkdtemp(prefix="pw-", dir="/tmp")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_browser_mode_login_in_chromium(env, tmp_path, short_tmp):
    acct = env.verified_account("chromium")
    person = env.person("google", email=acct.email, email_verified=True)
    home = tmp_path / "browser-home"
    home.mkdir()
    run_env = node_env()
    run_env.update({"SSO_START_URL": env.start_url("google"), "SSO_LOGIN": person.login,
                    "SSO_PASSWORD": person.password, "SSO_SUCCESS_URL": f"{env.url}/app",
                    "SSO_SERVER_URL": env.url, "CHROMIUM": CHROMIUM, "BROWSER_HOME": str(home),
                    # Chromium's singleton socket lives in TMPDIR and its path must stay under
                    # 108 bytes: pytest's per-test directories are too deep for that.
                    "TMPDIR": short_tmp})
    p = subprocess.run(["node", str(ensure_node_packages() / "browser_login.mjs")],
                       env=run_env, capture_output=True, text=True, timeout=180)
    lines = [line for line in p.stdout.splitlines() if line.startswith("{")]
    assert p.returncode == 0 and lines, f"rc={p.returncode}\n{p.stdout}\n{p.stderr[-3000:]}"
    seen = json.loads(lines[-1])
    assert seen["ok"], seen.get("error")
    assert seen["login_page"].startswith(env.idp.issuer("google")), seen["login_page"]
    assert seen["final_url"] == f"{env.url}/app", seen
    # Entries are "STATUS URL" (each navigation response, redirects included) or a committed URL.
    visited = [entry.split(" ", 1)[-1] for entry in seen["navigations"]]
    assert any(u.startswith(env.callback_url("google")) for u in visited), seen

    cookies = {c["name"]: c for c in seen["cookies"]}
    session = cookies.get(SESSION_COOKIE)
    assert session, seen["cookies"]
    assert session["httpOnly"] is True and session["secure"] is True
    assert session["sameSite"] == "Lax"
    assert REFRESH_COOKIE in cookies, seen["cookies"]
    assert cookies[REFRESH_COOKIE]["httpOnly"] is True
    assert SESSION_COOKIE not in seen["document_cookie"]
    assert f"{SESSION_COOKIE}={session['value']}" in seen["app_request_cookie"]
    assert env.jwks_claims(session["value"])["sub"] == acct.user["id"]

    assert seen["profile"]["status"] == 200, seen["profile"]
    assert json.loads(seen["profile"]["body"])["id"] == acct.user["id"]
    assert seen["patch"]["status"] == 200, seen["patch"]
    profile = env.server.client.profile(acct.access).json()
    assert profile["display_name"] == "Chromium Changed"
