"""The command-line twins of the admin API, run against the test server's database while it
serves: `portcullis user list [--query] [--limit] [--cursor] [--json]`, `user disable|enable|
delete|reset-mfa <id|email>`. Their revocations reach the running server through its revocation
poll (within a few seconds); the last enabled instance admin cannot be disabled or deleted; an
unknown account is an error (exit 1)."""

from __future__ import annotations

import json

import pyotp

from admins import make_admin, user_cli
from harness import assert_problem, refused_within, unique


def test_list_for_humans_and_scripts(start_server):
    srv = start_server()
    client = srv.client
    tag = unique("cli")
    made = sorted((client.register(f"{tag}{i}@example.com", username=f"{tag}_{i}")
                   for i in range(3)), key=lambda a: a.user["id"])
    p = user_cli(srv, "list", "--query", tag)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [a.user["id"] for a in made]
    first = lines[0].split("\t")
    assert first[1] == made[0].email and first[3] == "user" and first[4] == "enabled"
    p = user_cli(srv, "list", "--query", tag, "--limit", "2", "--json")
    assert p.returncode == 0, p.stderr
    page = json.loads(p.stdout)
    assert [u["id"] for u in page["items"]] == [a.user["id"] for a in made[:2]]
    assert "password_hash" not in p.stdout
    p = user_cli(srv, "list", "--query", tag, "--limit", "2", "--json", "--cursor",
                 page["next_cursor"])
    assert [u["id"] for u in json.loads(p.stdout)["items"]] == [made[2].user["id"]]
    assert json.loads(p.stdout)["next_cursor"] is None
    assert user_cli(srv, "list", "--limit", "0").returncode != 0
    assert user_cli(srv, "list", "--cursor", "zz").returncode == 1


def test_disable_enable_delete_and_reset_mfa(start_server):
    srv = start_server()
    client = srv.client
    make_admin(srv)  # so the accounts below are never the last admin
    acct = client.register()
    p = user_cli(srv, "disable", acct.email.upper())
    assert p.returncode == 0, p.stderr
    assert acct.user["id"] in p.stdout
    # the server takes the revocation from the database at its next poll
    assert refused_within(client, acct.access, 5) is not None
    assert_problem(client.login_raw(email=acct.email), 403, "account_disabled")
    p = user_cli(srv, "enable", acct.user["id"])
    assert p.returncode == 0, p.stderr
    fresh = client.login(acct)

    r = client.post("/v1/me/mfa/setup", token=fresh.access, json={})
    secret = r.json()["secret"]
    r = client.post("/v1/me/mfa/verify", token=fresh.access,
                    json={"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 200, r.text
    assert_problem(client.login_raw(email=acct.email), 401, "mfa_required")
    p = user_cli(srv, "reset-mfa", acct.email)
    assert p.returncode == 0, p.stderr
    assert client.login_raw(email=acct.email).status_code == 200

    live = client.login(acct)
    p = user_cli(srv, "delete", acct.email)
    assert p.returncode == 0, p.stderr
    assert client.profile(live.access).status_code == 401
    assert client.login_raw(email=acct.email).status_code == 401
    for command in ("disable", "enable", "delete", "reset-mfa"):
        p = user_cli(srv, command, acct.email)
        assert p.returncode == 1 and "no such user" in p.stderr, (command, p.stderr)


def test_the_last_instance_admin_stays(start_server):
    srv = start_server()
    admin = make_admin(srv)
    for command in ("disable", "delete"):
        p = user_cli(srv, command, admin.email)
        assert p.returncode == 1 and "instance admin" in p.stderr, (command, p.stderr)
    assert srv.client.get("/v1/admin/users", token=admin.access).status_code == 200
    second = make_admin(srv, "second")
    p = user_cli(srv, "disable", admin.email)
    assert p.returncode == 0, p.stderr
    p = user_cli(srv, "disable", second.email)
    assert p.returncode == 1, p.stdout
