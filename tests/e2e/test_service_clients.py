"""Service clients managed through /v1/companies/{id}/clients: made by owners and admins with a
recent authentication, the secret shown once and stored only as a keyed hash, listed without
secrets, up to two live secrets for a rotation without downtime, disabled, re-enabled and
deleted; permissions only within the creator's rights; members refused, other companies 404."""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from company_keys import server, sink, world  # noqa: F401 (module fixtures)
from harness import assert_problem
from service_clients import (access_token, assert_oauth_error, clients_path, make_client, perm,
                             token)


def secret_hash(server, secret):
    """The stored form: HMAC-SHA-256 under a key derived from the server's mfa_recovery_key."""
    text = (server.data_dir / "mfa_recovery_key").read_text().strip()
    recovery = __import__("base64").urlsafe_b64decode(text + "=" * (-len(text) % 4))
    key = hmac.new(recovery, b"portcullis client-secret key v1", hashlib.sha256).digest()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def test_a_client_is_shown_once_and_the_database_holds_only_a_keyed_hash(world, server):
    acme = world.company()
    made = make_client(world, acme, name="billing", permissions=[perm("products", "all", "read")])
    assert re.fullmatch(r"[0-9a-f]{24}", made["client_id"]), made
    secret = made["client_secret"]
    assert len(secret) >= 43, secret  # 32 random bytes, base64url: 256 bits
    assert made["name"] == "billing" and made["company_id"] == acme.id
    assert made["disabled"] is False and made["allow_act_as_user"] is False
    assert made["permissions"] == [perm("products", "all", "read")]
    assert [s["secret_id"] for s in made["secrets"]] == [made["secret_id"]]

    r = world.client.get(clients_path(acme.id), token=acme.owner.access)
    assert r.status_code == 200, r.text
    listed = r.json()["clients"]
    assert [c["client_id"] for c in listed] == [made["client_id"]]
    assert secret not in r.text and "client_secret" not in r.text and "hash" not in r.text
    assert set(listed[0]["secrets"][0]) == {"secret_id", "created_at"}
    r = world.client.get(clients_path(acme.id, made["client_id"]), token=acme.admin.access)
    assert r.status_code == 200 and secret not in r.text, r.text
    assert r.json()["permissions"] == [perm("products", "all", "read")]

    stored = server.database_bytes()
    assert secret.encode() not in stored
    assert hashlib.sha256(secret.encode()).hexdigest().encode() not in stored
    assert secret_hash(server, secret).encode() in stored


def test_rotation_both_secrets_work_then_only_the_new_one(world):
    acme = world.company()
    made = make_client(world, acme)
    cid, first = made["client_id"], made["client_secret"]
    r = world.client.post(clients_path(acme.id, cid, "secrets"), token=acme.owner.access)
    assert r.status_code == 201, r.text
    second = r.json()
    assert second["client_secret"] != first and second["secret_id"] != made["secret_id"]
    assert r.headers.get("Cache-Control") == "no-store"
    access_token(world.client, cid, first)
    access_token(world.client, cid, second["client_secret"])

    # A third live secret is refused with a clear message.
    r = world.client.post(clients_path(acme.id, cid, "secrets"), token=acme.owner.access)
    assert_problem(r, 409, "conflict")
    assert "2 live secrets" in r.text

    r = world.client.delete(clients_path(acme.id, cid, "secrets", made["secret_id"]),
                            token=acme.owner.access)
    assert r.status_code == 204, r.text
    assert_oauth_error(token(world.client, cid, first), 401, "invalid_client")
    access_token(world.client, cid, second["client_secret"])
    listed = world.client.get(clients_path(acme.id, cid), token=acme.owner.access).json()
    assert [s["secret_id"] for s in listed["secrets"]] == [second["secret_id"]]
    r = world.client.delete(clients_path(acme.id, cid, "secrets", made["secret_id"]),
                            token=acme.owner.access)
    assert_problem(r, 404, "not_found")


def test_disable_enable_and_delete(world):
    acme = world.company()
    made = make_client(world, acme)
    cid, secret = made["client_id"], made["client_secret"]
    r = world.client.patch(clients_path(acme.id, cid), token=acme.admin.access,
                           json={"disabled": True})
    assert r.status_code == 200 and r.json()["disabled"] is True, r.text
    assert_oauth_error(token(world.client, cid, secret), 401, "invalid_client")
    r = world.client.patch(clients_path(acme.id, cid), token=acme.admin.access,
                           json={"disabled": False})
    assert r.status_code == 200 and r.json()["disabled"] is False, r.text
    access_token(world.client, cid, secret)
    assert_problem(world.client.patch(clients_path(acme.id, cid), token=acme.admin.access,
                                      json={}), 400, "invalid_request")

    r = world.client.delete(clients_path(acme.id, cid), token=acme.owner.access)
    assert r.status_code == 204, r.text
    assert_oauth_error(token(world.client, cid, secret), 401, "invalid_client")
    assert_problem(world.client.get(clients_path(acme.id, cid), token=acme.owner.access),
                   404, "not_found")
    assert world.client.get(clients_path(acme.id), token=acme.owner.access).json() == {
        "clients": []}


def test_members_are_refused_and_other_companies_see_nothing(world):
    acme, other = world.company(), world.company()
    made = make_client(world, acme)
    cid = made["client_id"]
    member = acme.member.access
    assert_problem(world.client.post(clients_path(acme.id), token=member, json={"name": "x"}),
                   403, "forbidden")
    assert_problem(world.client.get(clients_path(acme.id), token=member), 403, "forbidden")
    assert_problem(world.client.delete(clients_path(acme.id, cid), token=member), 403,
                   "forbidden")
    # The admin may manage clients as the owner does.
    make_client(world, acme, by=acme.admin)

    stranger = other.owner.access
    for method, path, body in [
        ("POST", clients_path(acme.id), {"name": "x"}),
        ("GET", clients_path(acme.id), None),
        ("GET", clients_path(acme.id, cid), None),
        ("PATCH", clients_path(acme.id, cid), {"disabled": True}),
        ("DELETE", clients_path(acme.id, cid), None),
        ("POST", clients_path(acme.id, cid, "secrets"), None),
        ("DELETE", clients_path(acme.id, cid, "secrets", made["secret_id"]), None),
    ]:
        r = world.client.request(method, path, token=stranger, json=body)
        assert_problem(r, 404, "not_found")
    # Through its own company's path, another company's client does not exist either.
    assert_problem(world.client.get(clients_path(other.id, cid), token=stranger), 404,
                   "not_found")
    assert_problem(world.client.delete(clients_path(other.id, cid), token=stranger), 404,
                   "not_found")
    access_token(world.client, cid, made["client_secret"])  # untouched


def test_permissions_stay_within_the_creators_rights(world):
    acme = world.company()
    # The admin holds products:all:read through a role grant, nothing on orders.
    world.grant(acme, "role", "admin", "products", "all", "read")
    made = make_client(world, acme, by=acme.admin, permissions=[perm("products", "all", "read")])
    assert made["permissions"] == [perm("products", "all", "read")]
    r = world.client.post(clients_path(acme.id), token=acme.admin.access,
                          json={"name": "x", "permissions": [perm("orders", "all", "delete")]})
    assert_problem(r, 400, "invalid_request")
    assert world.client.get(clients_path(acme.id), token=acme.owner.access).json()[
        "clients"][0]["client_id"] == made["client_id"]  # nothing made by the refused request
    # The grants are the permission model's, of subject type "client".
    r = world.client.get(f"/v1/companies/{acme.id}/permissions/grants", token=acme.owner.access)
    grants = [g for g in r.json()["grants"] if g["subject"]["type"] == "client"]
    assert [g["subject"]["id"] for g in grants] == [made["client_id"]]


def test_a_key_may_not_create_a_client(world):
    acme = world.company()
    key = world.api_key(acme)["key"]
    r = world.client.post(clients_path(acme.id), headers={"X-Api-Key": key}, json={"name": "x"})
    assert_problem(r, 403, "forbidden")


def test_creating_a_client_or_a_secret_needs_a_recent_authentication(start_server, sink):
    from company_keys import Companies
    server = start_server(env=sink.env(PORTCULLIS_STEP_UP_WINDOW="2"))
    world = Companies(server, sink)
    acme = world.company()
    made = make_client(world, acme)
    time.sleep(3.1)
    r = world.client.post(clients_path(acme.id), token=acme.owner.access, json={"name": "late"})
    assert_problem(r, 403, "step_up_required")
    r = world.client.post(clients_path(acme.id, made["client_id"], "secrets"),
                          token=acme.owner.access)
    assert_problem(r, 403, "step_up_required")
    r = world.client.post("/v1/auth/step-up", token=acme.owner.access,
                          json={"password": acme.owner.password})
    assert r.status_code == 200, r.text
    fresh = r.json()["access_token"]
    r = world.client.post(clients_path(acme.id), token=fresh, json={"name": "late"})
    assert r.status_code == 201, r.text
