"""Company API keys end to end: issued by owners and admins with a recent authentication, shown
once, stored only as SHA-256 (the database file never holds the key), accepted as Bearer,
X-Api-Key and X-Machhub-Api-Key, answering GET /v1/me/profile as the company with role admin;
revoked or expired keys fail at once; last_used_at is written (coalesced); session-only routes
refuse keys; another company's owner, key or token gets 404 on every key route."""

from __future__ import annotations

import hashlib
import time

from company_keys import claims, server, sink, world  # noqa: F401 (module fixtures)
from harness import assert_problem

HEADERS = ("Authorization", "X-Api-Key", "X-Machhub-Api-Key")


def with_key(key, header="Authorization"):
    return {header: f"Bearer {key}" if header == "Authorization" else key}


def test_a_key_is_shown_once_and_the_database_holds_only_its_hash(world, server):
    acme = world.company()
    issued = world.api_key(acme, name="deploy bot")
    key = issued["key"]
    assert key.startswith("hbx_") and len(key) >= 4 + 43, key  # 32 random bytes, base64url
    assert issued["prefix"] == "hbx_" and issued["last4"] == key[-4:]
    assert issued["name"] == "deploy bot" and issued["created_by"] == acme.owner.user["id"]
    assert issued["last_used_at"] is None and issued["expires_at"] is None
    assert issued["created_at"].endswith("Z")

    r = world.client.get(f"/v1/companies/{acme.id}/api-keys", token=acme.owner.access)
    assert r.status_code == 200, r.text
    listed = r.json()["api_keys"]
    assert [k["id"] for k in listed] == [issued["id"]]
    assert "key" not in listed[0]
    assert set(listed[0]) == {"id", "name", "prefix", "last4", "created_by", "created_at",
                              "last_used_at", "expires_at"}

    stored = server.database_bytes()
    assert key.encode() not in stored
    assert key[4:].encode() not in stored
    assert hashlib.sha256(key.encode()).hexdigest().encode() in stored
    rows = server.query("select count(*) from credentials where secret_hash = ?",
                        (hashlib.sha256(key.encode()).hexdigest(),))
    assert rows == [(1,)]


def test_every_header_authenticates_the_key_as_its_company(world):
    acme = world.company()
    issued = world.api_key(acme, name="reporting")
    r = world.client.get(f"/v1/companies/{acme.id}", token=acme.owner.access)
    name = r.json()["name"] if r.status_code == 200 else None
    for header in HEADERS:
        r = world.client.get("/v1/me/profile", headers=with_key(issued["key"], header))
        assert r.status_code == 200, (header, r.text)
        body = r.json()
        assert body["principal"] == "api_key"
        assert body["role"] == "admin"
        assert body["company"]["id"] == acme.id
        if name is not None:
            assert body["company"]["name"] == name
        assert body["key"] == {"id": issued["id"], "name": "reporting"}
        # A key acts as an admin of its company: it lists the keys.
        r = world.client.get(f"/v1/companies/{acme.id}/api-keys",
                             headers=with_key(issued["key"], header))
        assert r.status_code == 200, (header, r.text)
    # The session's profile is unchanged.
    r = world.client.get("/v1/me/profile", token=acme.owner.access)
    assert r.status_code == 200 and r.json()["id"] == acme.owner.user["id"]


def test_prefixes(world):
    acme = world.company()
    assert world.api_key(acme, prefix="mchx_")["key"].startswith("mchx_")
    r = world.client.post(f"/v1/companies/{acme.id}/api-keys", token=acme.owner.access,
                          json={"name": "x", "prefix": "zz_"})
    assert_problem(r, 400, "invalid_request")
    r = world.client.post(f"/v1/companies/{acme.id}/api-keys", token=acme.owner.access,
                          json={"name": "x", "prefix": "pat_"})
    assert_problem(r, 400, "invalid_request")


def test_a_revoked_key_fails_at_once(world):
    acme = world.company()
    issued = world.api_key(acme)
    assert world.client.get("/v1/me/profile", headers=with_key(issued["key"])).status_code == 200
    r = world.client.delete(f"/v1/companies/{acme.id}/api-keys/{issued['id']}",
                            token=acme.admin.access)
    assert r.status_code == 204, r.text
    for header in HEADERS:
        r = world.client.get("/v1/me/profile", headers=with_key(issued["key"], header))
        assert_problem(r, 401, "token_invalid")
    r = world.client.delete(f"/v1/companies/{acme.id}/api-keys/{issued['id']}",
                            token=acme.admin.access)
    assert_problem(r, 404, "not_found")


def test_an_expired_key_fails(world):
    acme = world.company()
    issued = world.api_key(acme, expires_at=int(time.time()) + 2)
    assert issued["expires_at"] is not None
    assert world.client.get("/v1/me/profile", headers=with_key(issued["key"])).status_code == 200
    time.sleep(3.1)
    r = world.client.get("/v1/me/profile", headers=with_key(issued["key"], "X-Api-Key"))
    assert_problem(r, 401, "token_invalid")
    r = world.client.post(f"/v1/companies/{acme.id}/api-keys", token=acme.owner.access,
                          json={"name": "x", "expires_at": "2001-01-01T00:00:00Z"})
    assert_problem(r, 400, "invalid_request")
    r = world.client.post(f"/v1/companies/{acme.id}/api-keys", token=acme.owner.access,
                          json={"name": "x", "expires_at": "2099-01-01T00:00:00Z"})
    assert r.status_code == 201 and r.json()["expires_at"] == "2099-01-01T00:00:00Z", r.text


def test_unknown_keys_and_session_only_routes_refuse_keys(world):
    acme = world.company()
    issued = world.api_key(acme)
    for header in HEADERS:
        r = world.client.get("/v1/me/profile", headers=with_key("hbx_" + "A" * 43, header))
        assert_problem(r, 401, "token_invalid")
    r = world.client.get("/v1/me/profile", headers={"X-Api-Key": "not-a-key"})
    assert_problem(r, 401, "token_invalid")
    for method, path in (("GET", "/v1/me/sessions"), ("GET", "/v1/me/tokens"),
                         ("POST", "/v1/me/password")):
        r = world.client.request(method, path, headers=with_key(issued["key"]), json={})
        assert_problem(r, 401, "token_invalid")
    # A key cannot issue keys (that needs a person who authenticated recently).
    r = world.client.post(f"/v1/companies/{acme.id}/api-keys", headers=with_key(issued["key"]),
                          json={"name": "child"})
    assert_problem(r, 403)


def test_last_used_at_is_recorded(world):
    acme = world.company()
    issued = world.api_key(acme)
    before = int(time.time())
    assert world.client.get("/v1/me/profile", headers=with_key(issued["key"])).status_code == 200
    deadline = time.monotonic() + 10
    last_used = None
    while time.monotonic() < deadline:
        r = world.client.get(f"/v1/companies/{acme.id}/api-keys", token=acme.owner.access)
        last_used = r.json()["api_keys"][0]["last_used_at"]
        if last_used is not None:
            break
        time.sleep(0.2)
    assert last_used is not None, "last_used_at never written"
    assert last_used.endswith("Z")
    stamp = time.mktime(time.strptime(last_used, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert before - 2 <= stamp <= time.time() + 2


def test_the_role_matrix_on_the_key_routes(world):
    acme = world.company()
    path = f"/v1/companies/{acme.id}/api-keys"
    r = world.client.post(path, token=acme.member.access, json={"name": "x"})
    assert_problem(r, 403, "forbidden")
    assert_problem(world.client.get(path, token=acme.member.access), 403, "forbidden")
    for role in ("admin", "owner"):
        acct = acme.by_role(role)
        r = world.client.post(path, token=acct.access, json={"name": role})
        assert r.status_code == 201, (role, r.text)
        key_id = r.json()["id"]
        assert world.client.get(path, token=acct.access).status_code == 200
        r = world.client.delete(f"{path}/{key_id}", token=acme.member.access)
        assert_problem(r, 403, "forbidden")
        assert world.client.delete(f"{path}/{key_id}", token=acct.access).status_code == 204


def test_another_company_gets_404_on_every_key_route(world):
    acme, other = world.company(), world.company()
    acme_key = world.api_key(acme)
    other_key = world.api_key(other)
    other_token = world.token(other.owner, [])
    base = f"/v1/companies/{acme.id}/api-keys"
    for label, headers in (("owner", {"Authorization": f"Bearer {other.owner.access}"}),
                           ("key", with_key(other_key["key"], "X-Api-Key")),
                           ("token", with_key(other_token["token"]))):
        for method, path, body in (("POST", base, {"name": "x"}), ("GET", base, None),
                                   ("DELETE", f"{base}/{acme_key['id']}", None)):
            r = world.client.request(method, path, headers=headers, json=body)
            assert r.status_code == 404, (label, method, r.text)
            assert_problem(r, 404, "not_found")
    # Another company's key id under one's own company is unknown too.
    r = world.client.delete(f"/v1/companies/{other.id}/api-keys/{acme_key['id']}",
                            token=other.owner.access)
    assert_problem(r, 404, "not_found")
    assert world.client.get("/v1/me/profile", headers=with_key(acme_key["key"])).status_code == 200


def test_issuing_a_key_needs_a_recent_authentication(start_server, sink):
    from company_keys import Companies
    server = start_server(env=sink.env(PORTCULLIS_STEP_UP_WINDOW="2"))
    world = Companies(server, sink)
    acme = world.company()
    time.sleep(3.1)
    r = world.client.post(f"/v1/companies/{acme.id}/api-keys", token=acme.owner.access,
                          json={"name": "late"})
    assert_problem(r, 403, "step_up_required")
    r = world.client.post("/v1/auth/step-up", token=acme.owner.access,
                          json={"password": acme.owner.password})
    assert r.status_code == 200, r.text
    r = world.client.post(f"/v1/companies/{acme.id}/api-keys",
                          token=r.json()["access_token"], json={"name": "late"})
    assert r.status_code == 201, r.text
