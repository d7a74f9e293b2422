"""Personal access tokens end to end: made by a session with a recent authentication for its
active company, with permissions the user holds now (400 permission_not_held otherwise); shown
once and stored as SHA-256; accepted in all three headers; act as their user (GET /v1/me/profile)
and may only look at their company; listed, revoked at once; refused on session-only routes."""

from __future__ import annotations

import hashlib
import time

from company_keys import claims, server, sink, world  # noqa: F401 (module fixtures)
from harness import assert_problem

READ = {"feature": "products", "scope": "all", "action": "read"}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_token_is_shown_once_hashed_and_acts_as_its_user(world, server):
    acme = world.company()
    issued = world.token(acme.owner, [READ], name="laptop")
    token = issued["token"]
    assert token.startswith("pat_") and len(token) >= 4 + 43
    assert issued["prefix"] == "pat_" and issued["last4"] == token[-4:]
    assert issued["company_id"] == acme.id
    assert issued["permissions"] == [READ]
    assert issued["expires_at"].endswith("Z")

    stored = server.database_bytes()
    assert token.encode() not in stored and token[4:].encode() not in stored
    assert hashlib.sha256(token.encode()).hexdigest().encode() in stored

    for header, value in (("Authorization", f"Bearer {token}"), ("X-Api-Key", token),
                          ("X-Machhub-Api-Key", token)):
        r = world.client.get("/v1/me/profile", headers={header: value})
        assert r.status_code == 200, (header, r.text)
        body = r.json()
        assert body["id"] == acme.owner.user["id"] and body["email"] == acme.owner.email
        assert body["principal"] == "token" and body["role"] == "owner"
        assert body["company"]["id"] == acme.id
        assert body["token"] == {"id": issued["id"], "name": "laptop"}

    r = world.client.get("/v1/me/tokens", token=acme.owner.access)
    assert r.status_code == 200, r.text
    listed = r.json()["tokens"]
    assert [t["id"] for t in listed] == [issued["id"]] and "token" not in listed[0]

    assert world.client.delete(f"/v1/me/tokens/{issued['id']}",
                               token=acme.owner.access).status_code == 204
    assert_problem(world.client.get("/v1/me/profile", headers=bearer(token)), 401,
                   "token_invalid")
    assert world.client.get("/v1/me/tokens", token=acme.owner.access).json()["tokens"] == []


def test_a_token_asks_only_for_what_its_user_holds(world):
    acme = world.company()
    r = world.client.post("/v1/me/tokens", token=acme.member.access,
                          json={"name": "x", "expires_at": int(time.time()) + 60,
                                "permissions": [READ]})
    body = assert_problem(r, 400, "invalid_request")
    assert body.get("reason") == "permission_not_held", body
    world.grant(acme, "user", acme.member.user["id"], "products", "all", "read-write")
    # read-write implies read: the user holds read now.
    world.token(acme.member, [READ])
    world.token(acme.member, [{**READ, "action": "read-write"}])


def test_bad_token_requests(world):
    acme = world.company()
    now = int(time.time())
    for body in ({"name": "x", "permissions": []},  # no expiry
                 {"name": "x", "expires_at": now - 10, "permissions": []},
                 {"name": "", "expires_at": now + 60, "permissions": []},
                 {"name": "x", "expires_at": now + 60, "permissions": [{"feature": "p"}]},
                 {"name": "x", "expires_at": now + 60, "permissions": "read"},
                 {"name": "x", "expires_at": now + 60,
                  "permissions": [{"feature": "P!", "scope": "all", "action": "read"}]}):
        r = world.client.post("/v1/me/tokens", token=acme.owner.access, json=body)
        assert_problem(r, 400, "invalid_request")


def test_tokens_are_for_sessions_and_only_look_at_their_company(world):
    acme = world.company()
    token = world.token(acme.owner, [READ])["token"]
    key = world.api_key(acme)["key"]
    for credential in (token, key):
        for method, path in (("GET", "/v1/me/tokens"), ("POST", "/v1/me/tokens"),
                             ("GET", "/v1/me/sessions")):
            r = world.client.request(method, path, headers=bearer(credential), json={})
            assert_problem(r, 401, "token_invalid")
    # An owner's token may not manage the company.
    r = world.client.get(f"/v1/companies/{acme.id}/api-keys", headers=bearer(token))
    assert_problem(r, 403, "forbidden")
    r = world.client.get(f"/v1/companies/{acme.id}/permissions", headers=bearer(token))
    assert_problem(r, 403, "forbidden")


def test_another_users_token_is_not_found(world):
    acme = world.company()
    issued = world.token(acme.owner, [READ])
    r = world.client.delete(f"/v1/me/tokens/{issued['id']}", token=acme.admin.access)
    assert_problem(r, 404, "not_found")
    assert world.client.get("/v1/me/profile", headers=bearer(issued["token"])).status_code == 200


def test_an_expired_token_fails(world):
    acme = world.company()
    issued = world.token(acme.owner, [READ], expires_in=2)
    assert world.client.get("/v1/me/profile", headers=bearer(issued["token"])).status_code == 200
    time.sleep(3.1)
    assert_problem(world.client.get("/v1/me/profile", headers=bearer(issued["token"])), 401,
                   "token_invalid")


def test_a_token_is_made_for_the_sessions_active_company(world):
    acme = world.company()
    issued = world.token(acme.admin, [])
    assert issued["company_id"] == claims(acme.admin.access)["cid"] == acme.id
