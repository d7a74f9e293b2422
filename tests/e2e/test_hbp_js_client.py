"""HBP v2's own JavaScript client, nhost-js-sdk 3 (tests/hbp-client), run unchanged against
Portcullis in token mode: register, refresh, logout, login, refresh, logout and a wrong password.
Its tokens verify with the HS secret, every refresh rotates, and its logouts end the sessions."""

from __future__ import annotations

import json
import subprocess

import jwt

from harness import JWT_SECRET, PASSWORD, REPO, unique_email
from sso_idp import NODE_DIR, require_node

CLIENT_DIR = NODE_DIR / "hbp-client"


def run_client(server, email):
    require_node()
    subprocess.run([str(REPO / "tests" / "hbp-client" / "install.sh"), str(CLIENT_DIR)],
                   check=True, capture_output=True, timeout=600)
    out = subprocess.run(["node", str(CLIENT_DIR / "hbp_client.mjs"), server.url, email, PASSWORD],
                         check=True, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def sub_of(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})["sub"]


def test_hbps_javascript_client_signs_in_refreshes_and_signs_out(server):
    email = unique_email("nhost")
    seen = run_client(server, email)
    assert "error" not in seen, seen
    user_id = seen["registered_user"]["id"]
    assert seen["registered_user"]["email"] == email
    assert seen["authenticated_after_register"] is True
    assert sub_of(seen["register_jwt"]) == user_id
    assert sub_of(seen["refreshed_jwt"]) == user_id
    assert seen["refreshed_refresh"] != seen["register_refresh"]
    assert seen["authenticated_after_logout"] is False
    assert seen["login_user"]["id"] == user_id
    assert sub_of(seen["login_jwt"]) == user_id
    assert seen["login_refreshed_refresh"] != seen["login_refresh"]
    assert seen["logged_out_refresh"] is None
    assert seen["wrong_password_status"] == 401
    assert seen["wrong_password_body"]["message"] == "Username and password do not match"
    # Both logouts ended their sessions on the server.
    for token in (seen["refreshed_refresh"], seen["login_refreshed_refresh"]):
        r = server.client.get("/auth/token/refresh", params={"refresh_token": token})
        assert r.status_code == 401, r.text
