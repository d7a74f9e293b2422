"""The audit events of invites, company switches, the permission model, password resets, email
changes and self-deletion: each is in the log after its action, with its actor, account, company
and target; a reset asked for an unknown address leaves no event."""

from __future__ import annotations

import pytest

from admins import all_items, make_admin
from companies import active_company, company_server, invite, join, switch, ticket_from_sink
from flows import link_in, query_param
from harness import PASSWORD, USER_AGENT, assert_problem, unique_email


@pytest.fixture(scope="module")
def sink_and_server(module_server_pool):
    sink, server = company_server(module_server_pool, ALLOW_USER_SELF_DELETE="true",
                                  VERIFY_EMAILS="true")
    yield sink, server
    sink.stop()


@pytest.fixture(scope="module")
def server(sink_and_server):
    return sink_and_server[1]


@pytest.fixture(scope="module")
def sink(sink_and_server):
    return sink_and_server[0]


@pytest.fixture(scope="module")
def admin(server):
    """An instance admin's access token (made with `user create --role admin`)."""
    return make_admin(server).access



def company_log(client, owner, cid, **params):
    return all_items(client, f"/v1/companies/{cid}/audit", owner.access, **params)


def own_log(client, token, **params):
    return all_items(client, "/v1/me/security-events", token, **params)


def one(items, **match):
    found = [e for e in items if all(e.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, items)
    return found[0]


def test_invites_created_revoked_and_accepted(client, sink):
    owner = client.register(unique_email("invowner"))
    cid = active_company(owner.access)
    oid = owner.user["id"]
    revoked = invite(client, owner, cid, unique_email("never"), role="admin")
    r = client.delete(f"/v1/companies/{cid}/invites/{revoked['id']}", token=owner.access)
    assert r.status_code == 204, r.text
    member = client.register(unique_email("invmember"))
    join(client, sink, owner, cid, member)
    newcomer_email = unique_email("invnewcomer")
    by_registration = invite(client, owner, cid, newcomer_email)
    ticket = ticket_from_sink(sink, newcomer_email)
    newcomer = client.register(newcomer_email, invite=ticket)

    items = company_log(client, owner, cid)
    created = [e for e in items if e["type"] == "invite_created"]
    assert len(created) == 3, items
    first = one(created, target={"type": "invite", "id": revoked["id"]})
    assert first["actor"] == {"type": "user", "id": oid}
    assert first["company_id"] == cid and first["detail"] == "role=admin"
    assert first["ip"] == "127.0.0.1" and first["user_agent"] == USER_AGENT
    assert revoked["email"] not in str(items)  # the invitee's address is not logged
    gone = one(items, type="invite_revoked")
    assert gone["target"] == {"type": "invite", "id": revoked["id"]}
    assert gone["actor"] == {"type": "user", "id": oid}
    assert gone["ip"] == "127.0.0.1"

    accepted = [e for e in items if e["type"] == "invite_accepted"]
    assert len(accepted) == 2, items
    by_member = one(accepted, user_id=member.user["id"])
    assert by_member["actor"] == {"type": "user", "id": member.user["id"]}
    assert by_member["detail"] == "role=member" and by_member["ip"] == "127.0.0.1"
    registered = one(accepted, user_id=newcomer.user["id"])
    assert registered["target"] == {"type": "invite", "id": by_registration["id"]}
    assert registered["ip"] == "127.0.0.1" and registered["user_agent"] == USER_AGENT
    # the newcomer sees its own acceptance
    assert "invite_accepted" in [e["type"] for e in own_log(client, newcomer.access)]


def test_company_switch(client, sink):
    owner = client.register(unique_email("swowner"))
    cid = active_company(owner.access)
    member = client.register(unique_email("swmember"))
    own = active_company(member.access)
    join(client, sink, owner, cid, member)
    switch(client, member, cid)

    event = one(company_log(client, owner, cid, type="company_switched"),
                user_id=member.user["id"])
    assert event["actor"] == {"type": "user", "id": member.user["id"]}
    assert event["target"]["type"] == "session"
    assert event["detail"] == f"from={own}"
    assert event["ip"] == "127.0.0.1" and event["user_agent"] == USER_AGENT


def test_permission_model_changes(client):
    owner = client.register(unique_email("permowner"))
    cid = active_company(owner.access)
    base = f"/v1/companies/{cid}/permissions"
    r = client.post(f"{base}/verbs", token=owner.access, json={"name": "export"})
    assert r.status_code == 201, r.text
    r = client.post(f"{base}/grants", token=owner.access,
                    json={"subject": {"type": "role", "id": "member"}, "feature": "reports",
                          "scope": "all", "action": "export"})
    assert r.status_code == 201, r.text
    grant = r.json()
    r = client.delete(f"{base}/grants/{grant['id']}", token=owner.access)
    assert r.status_code == 204, r.text
    r = client.delete(f"{base}/verbs/export", token=owner.access)
    assert r.status_code == 204, r.text
    # refused changes leave no event
    assert_problem(client.post(f"{base}/verbs", token=owner.access, json={"name": "read"}), 409)

    items = [e for e in company_log(client, owner, cid) if e["type"].startswith("permission_")]
    assert [e["type"] for e in items] == ["permission_verb_deleted", "permission_revoked",
                                          "permission_granted", "permission_verb_created"], items
    deleted, revoked, granted, created = items
    assert created["target"] == {"type": "verb", "id": "export"}
    assert deleted["target"] == {"type": "verb", "id": "export"}
    assert granted["target"] == {"type": "grant", "id": grant["id"]}
    assert granted["detail"] == "role:member reports:all:export"
    assert revoked["target"] == {"type": "grant", "id": grant["id"]}
    assert all(e["actor"] == {"type": "user", "id": owner.user["id"]} for e in items)


def test_password_reset_and_no_event_for_an_unknown_address(client, sink, admin):
    acct = client.register(unique_email("resetme"))
    unknown = unique_email("noaccount")
    assert client.post("/v1/auth/password/forgot", json={"email": unknown}).status_code == 202
    assert client.post("/v1/auth/password/forgot", json={"email": acct.email}).status_code == 202
    ticket = query_param(link_in(sink.wait_for(acct.email)), "ticket")
    new_password = PASSWORD + " reset"
    r = client.post("/v1/auth/password/reset", json={"ticket": ticket, "new_password": new_password})
    assert r.status_code == 204, r.text

    fresh = client.login_raw(new_password, email=acct.email)
    assert fresh.status_code == 200, fresh.text
    reset = one(own_log(client, fresh.json()["access_token"]), type="password_reset")
    assert reset["actor"] == {"type": "user", "id": acct.user["id"]}
    assert reset["target"] == {"type": "user", "id": acct.user["id"]}
    assert reset["ip"] == "127.0.0.1" and reset["user_agent"] == USER_AGENT
    # the address someone typed is never logged, and no request leaves an event of its own
    everything = all_items(client, "/v1/admin/audit", admin)
    assert everything and unknown not in str(everything)
    assert "password_reset_requested" not in {e["type"] for e in everything}


def test_email_change_requested_and_confirmed(client, sink):
    acct = client.register(unique_email("emailold"))
    new_email = unique_email("emailnew")
    r = client.post("/v1/me/email", token=acct.access, json={"new_email": new_email})
    assert r.status_code == 202, r.text
    requested = one(own_log(client, acct.access), type="email_change_requested")
    assert requested["actor"] == {"type": "user", "id": acct.user["id"]}
    assert requested["ip"] == "127.0.0.1" and requested["user_agent"] == USER_AGENT
    ticket = query_param(link_in(sink.wait_for(new_email)), "ticket")
    r = client.post("/v1/me/email/confirm", json={"ticket": ticket})
    assert r.status_code in (200, 204), r.text

    items = own_log(client, acct.access)
    assert items[0]["type"] == "email_changed", items
    assert items[0]["target"] == {"type": "user", "id": acct.user["id"]}
    assert new_email not in str(items) and acct.email not in str(items)


def test_account_deleted(client, admin):
    acct = client.register(unique_email("deleteme"))
    uid = acct.user["id"]
    r = client.delete("/v1/me", token=acct.access)
    assert r.status_code == 204, r.text

    deleted = one(all_items(client, "/v1/admin/audit", admin, type="account_deleted"),
                  user_id=uid)
    assert deleted["actor"] == {"type": "user", "id": uid}
    assert deleted["target"] == {"type": "user", "id": uid}
    assert deleted["company_id"] is None
    assert deleted["ip"] == "127.0.0.1" and deleted["user_agent"] == USER_AGENT
