"""Company routes with a company's API key and a member's personal token: a key acts as an admin
of its own company (reads, renames, invites, manages members below owner) but cannot leave,
found or delete one; a personal token may only look; another company's key or token gets 404 on
every company route (no existence leak), exactly as another company's user does."""

from __future__ import annotations

from companies import ticket_from_sink
from company_keys import claims, server, sink, world  # noqa: F401 (module fixtures)
from harness import assert_problem, unique_email


def key_headers(key):
    return {"X-Api-Key": key}


def bearer(credential):
    return {"Authorization": f"Bearer {credential}"}


def company_routes(acme, invite_id):
    cid = acme.id
    member_id = acme.member.user["id"]
    return [
        ("GET", f"/v1/companies/{cid}", None),
        ("PATCH", f"/v1/companies/{cid}", {"name": "taken over"}),
        ("DELETE", f"/v1/companies/{cid}", None),
        ("GET", f"/v1/companies/{cid}/members", None),
        ("PATCH", f"/v1/companies/{cid}/members/{member_id}", {"role": "admin"}),
        ("DELETE", f"/v1/companies/{cid}/members/{member_id}", None),
        ("POST", f"/v1/companies/{cid}/leave", None),
        ("POST", f"/v1/companies/{cid}/invites", {"email": unique_email("x")}),
        ("GET", f"/v1/companies/{cid}/invites", None),
        ("DELETE", f"/v1/companies/{cid}/invites/{invite_id}", None),
        ("GET", f"/v1/companies/{cid}/permissions", None),
        ("GET", f"/v1/companies/{cid}/api-keys", None),
    ]


def pending_invite(world, acme):
    r = world.client.post(f"/v1/companies/{acme.id}/invites", token=acme.owner.access,
                          json={"email": unique_email("pending")})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_another_companys_key_and_token_get_404_on_every_company_route(world):
    acme, other = world.company(), world.company()
    invite_id = pending_invite(world, acme)
    other_key = world.api_key(other)["key"]
    other_token = world.token(other.owner, [])["token"]
    for label, headers in (("key", key_headers(other_key)), ("key as bearer", bearer(other_key)),
                           ("token", bearer(other_token))):
        for method, path, body in company_routes(acme, invite_id):
            r = world.client.request(method, path, headers=headers, json=body)
            assert_problem(r, 404, "not_found")
    # Nothing changed.
    r = world.client.get(f"/v1/companies/{acme.id}", token=acme.owner.access)
    assert r.json()["name"] != "taken over"
    members = world.client.get(f"/v1/companies/{acme.id}/members", token=acme.owner.access)
    assert len(members.json()["members"]) == 3
    invites = world.client.get(f"/v1/companies/{acme.id}/invites", token=acme.owner.access)
    assert invite_id in [i["id"] for i in invites.json()["invites"]]


def test_a_key_acts_as_an_admin_of_its_own_company(world):
    acme = world.company()
    key = world.api_key(acme)["key"]
    headers = key_headers(key)

    r = world.client.get(f"/v1/companies/{acme.id}", headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == acme.id
    r = world.client.get("/v1/companies", headers=headers)
    assert r.status_code == 200, r.text
    assert [c["id"] for c in r.json()["companies"]] == [acme.id]

    members = world.client.get(f"/v1/companies/{acme.id}/members", headers=headers)
    assert members.status_code == 200, members.text
    assert len(members.json()["members"]) == 3
    r = world.client.patch(f"/v1/companies/{acme.id}", headers=headers, json={"name": "Renamed"})
    assert r.status_code == 200, r.text
    r = world.client.post(f"/v1/companies/{acme.id}/invites", headers=headers,
                          json={"email": unique_email("by-key"), "role": "member"})
    assert r.status_code == 201, r.text
    r = world.client.patch(f"/v1/companies/{acme.id}/members/{acme.member.user['id']}",
                           headers=headers, json={"role": "admin"})
    assert r.status_code == 200, r.text

    # An admin may not touch owners, and a key is no member: it cannot leave, found a company
    # or delete its own (that needs a user's recent authentication).
    r = world.client.patch(f"/v1/companies/{acme.id}/members/{acme.owner.user['id']}",
                           headers=headers, json={"role": "member"})
    assert_problem(r, 403)
    assert_problem(world.client.post(f"/v1/companies/{acme.id}/leave", headers=headers), 403)
    assert_problem(world.client.post("/v1/companies", headers=headers, json={"name": "x"}), 403)
    r = world.client.delete(f"/v1/companies/{acme.id}", headers=headers)
    assert r.status_code == 403, r.text
    assert world.client.get(f"/v1/companies/{acme.id}", token=acme.owner.access).status_code == 200

    # Session-only routes stay closed to keys.
    r = world.client.post("/v1/auth/switch-company", headers=headers, json={"company_id": acme.id})
    assert r.status_code == 401, r.text


def test_a_personal_token_may_only_look_at_its_company(world):
    acme = world.company()
    token = world.token(acme.admin, [])["token"]
    headers = bearer(token)
    r = world.client.get(f"/v1/companies/{acme.id}", headers=headers)
    assert r.status_code == 200, r.text
    r = world.client.get(f"/v1/companies/{acme.id}/members", headers=headers)
    assert r.status_code == 200, r.text
    r = world.client.patch(f"/v1/companies/{acme.id}", headers=headers, json={"name": "nope"})
    assert_problem(r, 403)
    r = world.client.post(f"/v1/companies/{acme.id}/invites", headers=headers,
                          json={"email": unique_email("t")})
    assert_problem(r, 403)
    r = world.client.delete(f"/v1/companies/{acme.id}/members/{acme.member.user['id']}",
                            headers=headers)
    assert_problem(r, 403)
    assert claims(acme.admin.access)["cid"] == acme.id


def test_a_removed_member_who_rejoins_starts_from_nothing(world, sink):
    acme = world.company()
    member = acme.member
    world.grant(acme, "user", member.user["id"], "reports", "all", "read")
    assert world.actions(member.access, "reports", "all") == ["read"]
    token = world.token(member, [{"feature": "reports", "scope": "all", "action": "read"}])
    assert world.actions(token["token"], "reports", "all") == ["read"]

    r = world.client.delete(f"/v1/companies/{acme.id}/members/{member.user['id']}",
                            token=acme.owner.access)
    assert r.status_code == 204, r.text
    # The grant and the token made for the company went with the membership.
    grants = world.client.get(f"/v1/companies/{acme.id}/permissions/grants",
                              token=acme.owner.access,
                              params={"subject_type": "user", "subject_id": member.user["id"]})
    assert grants.status_code == 200 and grants.json()["grants"] == [], grants.text
    assert world.client.get("/v1/me/profile", headers=bearer(token["token"])).status_code == 401

    # Invited back, the same account holds nothing of what it held before.
    r = world.client.post(f"/v1/companies/{acme.id}/invites", token=acme.owner.access,
                          json={"email": member.email, "role": "member"})
    assert r.status_code == 201, r.text
    ticket = ticket_from_sink(sink, member.email, count=2)
    r = world.client.post("/v1/invites/accept", token=member.access, json={"ticket": ticket})
    assert r.status_code == 200, r.text
    r = world.client.post("/v1/auth/switch-company", token=member.access,
                          json={"company_id": acme.id})
    assert r.status_code == 200, r.text
    assert world.actions(r.json()["access_token"], "reports", "all") == []
    assert world.client.get("/v1/me/profile", headers=bearer(token["token"])).status_code == 401
