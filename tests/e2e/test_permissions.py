"""The permission model end to end: owners and admins (and the company's keys) declare verbs and
grant {feature, scope, action} to roles, members, keys and tokens; GET /v1/permissions/actions
answers any principal's effective actions — role and user grants, key grants, read-write with the
four it implies, custom verbs, everything for an owner, a personal token's subset, nothing for a
removed member; members may not manage the model; another company's id, key or token is 404."""

from __future__ import annotations

from company_keys import server, sink, world  # noqa: F401 (module fixtures)
from harness import assert_problem

ALL_BUILT_IN = ["create", "delete", "read", "read-write", "update"]


def bearer(credential):
    return {"Authorization": f"Bearer {credential}"}


def test_role_and_user_grants(world):
    acme = world.company()
    world.grant(acme, "role", "member", "products", "all", "read")
    world.grant(acme, "role", "admin", "products", "all", "update")
    world.grant(acme, "user", acme.member.user["id"], "products", "all", "create")
    assert world.actions(acme.member.access, "products", "all") == ["create", "read"]
    # An admin holds what is granted to the admin role, not the member role's grants.
    assert world.actions(acme.admin.access, "products", "all") == ["update"]
    assert world.actions(acme.owner.access, "products", "all") == ALL_BUILT_IN
    # Exact feature and scope: nothing elsewhere.
    assert world.actions(acme.member.access, "products", "own") == []
    assert world.actions(acme.member.access, "users", "all") == []


def test_implied_and_custom_verbs(world):
    acme = world.company()
    world.grant(acme, "user", acme.member.user["id"], "users", "own", "read-write")
    assert world.actions(acme.member.access, "users", "own") == ALL_BUILT_IN

    path = f"/v1/companies/{acme.id}/permissions/verbs"
    r = world.client.post(f"/v1/companies/{acme.id}/permissions/grants",
                          token=acme.owner.access,
                          json={"subject": {"type": "role", "id": "member"}, "feature": "users",
                                "scope": "all", "action": "export"})
    assert_problem(r, 400, "invalid_request")  # not declared yet
    r = world.client.post(path, token=acme.admin.access, json={"name": "export"})
    assert r.status_code == 201 and r.json() == {"name": "export"}, r.text
    assert_problem(world.client.post(path, token=acme.admin.access, json={"name": "export"}),
                   409, "conflict")
    assert_problem(world.client.post(path, token=acme.admin.access, json={"name": "read"}),
                   409, "conflict")
    assert_problem(world.client.post(path, token=acme.admin.access, json={"name": "Export!"}),
                   400, "invalid_request")
    world.grant(acme, "role", "member", "users", "all", "export")
    assert world.actions(acme.member.access, "users", "all") == ["export"]
    # The owner holds the custom verb too.
    assert world.actions(acme.owner.access, "users", "all") == sorted(ALL_BUILT_IN + ["export"])

    r = world.client.get(f"/v1/companies/{acme.id}/permissions", token=acme.admin.access)
    assert r.status_code == 200, r.text
    model = r.json()
    assert model["verbs"] == ["read", "create", "update", "delete", "read-write", "export"]
    assert model["features"] == ["users"] and model["scopes"] == ["all", "own"]
    assert len(model["grants"]) == 2

    # Removing the verb removes its grants.
    assert world.client.delete(f"{path}/export", token=acme.owner.access).status_code == 204
    assert world.actions(acme.member.access, "users", "all") == []
    assert_problem(world.client.delete(f"{path}/export", token=acme.owner.access), 404)


def test_key_grants(world):
    acme = world.company()
    key = world.api_key(acme)
    world.grant(acme, "role", "admin", "products", "all", "read")
    world.grant(acme, "api_key", key["id"], "products", "all", "delete")
    for header in ("Authorization", "X-Api-Key", "X-Machhub-Api-Key"):
        assert world.actions(key["key"], "products", "all", header) == ["delete", "read"]
    # The key may manage the model of its own company (it acts as an admin).
    r = world.client.get(f"/v1/companies/{acme.id}/permissions", headers=bearer(key["key"]))
    assert r.status_code == 200, r.text


def test_a_personal_tokens_subset(world):
    acme = world.company()
    world.grant(acme, "user", acme.member.user["id"], "products", "all", "read-write")
    token = world.token(acme.member, [{"feature": "products", "scope": "all", "action": "read"}])
    assert world.actions(token["token"], "products", "all") == ["read"]
    assert world.actions(token["token"], "products", "all", "X-Api-Key") == ["read"]
    # A grant to the token itself counts only within its subset.
    world.grant(acme, "token", token["id"], "products", "all", "delete")
    assert world.actions(token["token"], "products", "all") == ["read"]
    # The owner's token: everything the owner holds, cut to the subset.
    owner_token = world.token(acme.owner, [{"feature": "products", "scope": "all",
                                            "action": "update"}])
    assert world.actions(owner_token["token"], "products", "all") == ["update"]
    # The user loses the grant: the token holds nothing any more.
    grants = world.client.get(f"/v1/companies/{acme.id}/permissions/grants",
                              params={"subject_type": "user",
                                      "subject_id": acme.member.user["id"]},
                              token=acme.owner.access).json()["grants"]
    assert len(grants) == 1 and grants[0]["action"] == "read-write"
    r = world.client.delete(f"/v1/companies/{acme.id}/permissions/grants/{grants[0]['id']}",
                            token=acme.owner.access)
    assert r.status_code == 204, r.text
    assert world.actions(token["token"], "products", "all") == []


def test_a_removed_member_holds_nothing(world):
    acme = world.company()
    world.grant(acme, "role", "member", "products", "all", "read")
    token = world.token(acme.member, [{"feature": "products", "scope": "all", "action": "read"}])
    assert world.actions(acme.member.access, "products", "all") == ["read"]
    r = world.client.delete(f"/v1/companies/{acme.id}/members/{acme.member.user['id']}",
                            token=acme.owner.access)
    assert r.status_code == 204, r.text
    assert world.actions(acme.member.access, "products", "all") == []
    # The token made for the company went with the membership: it authenticates no more.
    assert_problem(world.actions_raw(token["token"], "products", "all"), 401, "token_invalid")
    r = world.client.get("/v1/me/profile", headers=bearer(token["token"]))
    assert_problem(r, 401, "token_invalid")


def test_actions_needs_feature_and_scope_and_a_principal(world):
    acme = world.company()
    r = world.client.get("/v1/permissions/actions", params={"feature": "products"},
                         token=acme.member.access)
    assert_problem(r, 400, "invalid_request")
    r = world.client.get("/v1/permissions/actions", params={"feature": "p", "scope": "all"})
    assert_problem(r, 401, "unauthorized")


def test_grant_validation(world):
    acme, other = world.company(), world.company()
    other_key = world.api_key(other)
    other_token = world.token(other.owner, [])
    path = f"/v1/companies/{acme.id}/permissions/grants"

    def grant(subject_type, subject_id, feature="products", scope="all", action="read"):
        return world.client.post(path, token=acme.owner.access,
                                 json={"subject": {"type": subject_type, "id": subject_id},
                                       "feature": feature, "scope": scope, "action": action})

    for r in (grant("role", "boss"), grant("user", other.owner.user["id"]),
              grant("api_key", other_key["id"]), grant("token", other_token["id"]),
              grant("group", "x"), grant("role", "member", feature="Products"),
              grant("role", "member", scope="a b"), grant("role", "member", action="fly")):
        assert_problem(r, 400, "invalid_request")
    first = grant("role", "member")
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["subject"] == {"type": "role", "id": "member"}
    assert (body["feature"], body["scope"], body["action"]) == ("products", "all", "read")
    assert_problem(grant("role", "member"), 409, "conflict")
    r = world.client.get(path, params={"subject_type": "role"}, token=acme.owner.access)
    assert_problem(r, 400, "invalid_request")
    r = world.client.get(path, params={"subject_type": "role", "subject_id": "admin"},
                         token=acme.owner.access)
    assert r.status_code == 200 and r.json()["grants"] == [], r.text
    assert_problem(world.client.delete(f"{path}/{'0' * 8}", token=acme.owner.access), 404)


def model_routes(company_id, grant_id="00000000-0000-4000-8000-000000000000"):
    base = f"/v1/companies/{company_id}/permissions"
    grant = {"subject": {"type": "role", "id": "member"}, "feature": "f", "scope": "all",
             "action": "read"}
    return (("GET", base, None), ("POST", f"{base}/verbs", {"name": "audit"}),
            ("DELETE", f"{base}/verbs/audit", None), ("POST", f"{base}/grants", grant),
            ("GET", f"{base}/grants", None), ("DELETE", f"{base}/grants/{grant_id}", None))


def test_the_role_matrix_on_the_model_routes(world):
    acme = world.company()
    for method, path, body in model_routes(acme.id):
        r = world.client.request(method, path, token=acme.member.access, json=body)
        assert r.status_code == 403, (method, path, r.text)
        assert_problem(r, 403, "forbidden")
    for role in ("admin", "owner"):
        acct = acme.by_role(role)
        grant = world.grant(acme, "role", "member", "f", role, "read", by=acct)
        for method, path, body in model_routes(acme.id, grant["id"]):
            if method == "DELETE" and path.endswith("/verbs/audit"):
                continue  # removed below, after it exists
            r = world.client.request(method, path, token=acct.access, json=body)
            assert r.status_code in (200, 201, 204), (role, method, path, r.text)
            if path.endswith("/verbs"):
                r = world.client.delete(f"{path}/audit", token=acct.access)
                assert r.status_code == 204, (role, r.text)
            if method == "POST" and path.endswith("/grants"):
                world.client.delete(f"{path}/{r.json()['id']}", token=acct.access)


def test_another_company_gets_404_on_every_model_route(world):
    acme, other = world.company(), world.company()
    grant = world.grant(acme, "role", "member", "products", "all", "read")
    world.client.post(f"/v1/companies/{acme.id}/permissions/verbs", token=acme.owner.access,
                      json={"name": "audit"})
    other_key = world.api_key(other)["key"]
    other_token = world.token(other.owner, [])["token"]
    for label, headers in (("owner", bearer(other.owner.access)),
                           ("key", {"X-Api-Key": other_key}),
                           ("token", bearer(other_token))):
        for method, path, body in model_routes(acme.id, grant["id"]):
            r = world.client.request(method, path, headers=headers, json=body)
            assert r.status_code == 404, (label, method, path, r.text)
            assert_problem(r, 404, "not_found")
    # Another company's grant id under one's own company is unknown too.
    r = world.client.delete(f"/v1/companies/{other.id}/permissions/grants/{grant['id']}",
                            token=other.owner.access)
    assert_problem(r, 404, "not_found")
    # Nothing changed in acme.
    r = world.client.get(f"/v1/companies/{acme.id}/permissions", token=acme.owner.access)
    assert "audit" in r.json()["verbs"] and len(r.json()["grants"]) == 1
