"""Company invites: an owner or admin invites an address with a role (only an owner invites an
owner); the ticket travels only in the mail (the database holds its SHA-256) and is accepted by
the signed-in account with that address, once, before invite_ttl; registering with it joins the
company (active and verified even when activation is required) instead of founding one; pending
invites are listed without their ticket and revoked; a foreign company's id answers 404."""

from __future__ import annotations

import hashlib
import time

import pytest

from companies import active_company, company_server, invite, new_member, ticket_from_sink
from flows import flow_server, link_in
from harness import assert_problem, unique_email


@pytest.fixture(scope="module")
def env(module_server_pool):
    sink, server = company_server(module_server_pool)
    yield sink, server
    sink.stop()


@pytest.fixture(scope="module")
def server(env):
    return env[1]


@pytest.fixture(scope="module")
def client(env):
    return env[1].client


@pytest.fixture(scope="module")
def sink(env):
    return env[0]


def accept(client, acct, ticket):
    return client.post("/v1/invites/accept", token=acct.access, json={"ticket": ticket})


def test_an_invite_accepted_through_the_mailed_link(server, client, sink):
    owner = client.register(unique_email("owner"), display_name="Olga Owner")
    cid = active_company(owner.access)
    assert client.patch(f"/v1/companies/{cid}", token=owner.access,
                        json={"name": "Acme Widgets"}).status_code == 200
    guest = client.register(unique_email("guest"))
    created = invite(client, owner, cid, guest.email.upper(), "admin")
    assert created["email"] == guest.email and created["role"] == "admin"
    assert created["company_id"] == cid and created["invited_by"] == owner.user["id"]
    assert not {"ticket", "token", "token_hash"} & set(created)

    mail = sink.wait_for(guest.email)
    assert "Olga Owner" in mail.subject and "Acme Widgets" in mail.subject
    link = link_in(mail)
    assert link.startswith(server.url + "/v1/invites/accept?ticket="), link
    ticket = ticket_from_sink(sink, guest.email)
    # only the ticket's SHA-256 is stored
    rows = server.query("SELECT token_hash FROM company_invites WHERE company_id = ?", (cid,))
    assert rows == [(hashlib.sha256(ticket.encode()).hexdigest(),)]

    r = accept(client, guest, ticket)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == cid and r.json()["role"] == "admin"
    assert r.json()["name"] == "Acme Widgets"
    mine = client.get("/v1/companies", token=guest.access).json()["companies"]
    assert {(c["id"], c["role"]) for c in mine} >= {(cid, "admin")}
    members = client.get(f"/v1/companies/{cid}/members", token=owner.access).json()["members"]
    assert {(m["email"], m["role"]) for m in members} == {(owner.email, "owner"),
                                                          (guest.email, "admin")}
    # once only
    assert_problem(accept(client, guest, ticket), 400, "invalid_ticket", field="ticket")
    assert server.query("SELECT count(*) FROM company_invites WHERE company_id = ?", (cid,)) == [(0,)]


def test_only_the_invited_address_may_accept(client, sink):
    owner = client.register()
    cid = active_company(owner.access)
    guest = client.register()
    intruder = client.register()
    invite(client, owner, cid, guest.email)
    ticket = ticket_from_sink(sink, guest.email)
    assert_problem(accept(client, intruder, ticket), 404)
    assert_problem(client.get(f"/v1/companies/{cid}", token=intruder.access), 404)
    assert accept(client, guest, ticket).status_code == 200
    assert_problem(accept(client, guest, "A" * 43), 400, "invalid_ticket", field="ticket")
    assert_problem(client.post("/v1/invites/accept", json={"ticket": ticket}), 401)


def test_pending_invites_are_listed_without_ticket_and_revoked(client, sink):
    owner = client.register()
    cid = active_company(owner.access)
    first = invite(client, owner, cid, unique_email("a"))
    guest = client.register()
    second = invite(client, owner, cid, guest.email, "admin")
    r = client.get(f"/v1/companies/{cid}/invites", token=owner.access)
    assert r.status_code == 200, r.text
    listed = r.json()["invites"]
    assert {i["id"] for i in listed} == {first["id"], second["id"]}
    for i in listed:
        assert not {"ticket", "token", "token_hash"} & set(i)
    ticket = ticket_from_sink(sink, guest.email)
    assert client.delete(f"/v1/companies/{cid}/invites/{second['id']}",
                         token=owner.access).status_code == 204
    assert_problem(client.delete(f"/v1/companies/{cid}/invites/{second['id']}",
                                 token=owner.access), 404)
    assert [i["id"] for i in client.get(f"/v1/companies/{cid}/invites",
                                        token=owner.access).json()["invites"]] == [first["id"]]
    assert_problem(accept(client, guest, ticket), 400, "invalid_ticket")


def test_the_role_matrix_of_the_invite_routes(client, sink):
    owner = client.register()
    cid = active_company(owner.access)
    admin = new_member(client, sink, owner, cid, "admin")
    member = new_member(client, sink, owner, cid, "member")
    stranger = client.register()
    for acct, status in ((owner, 201), (admin, 201), (member, 403), (stranger, 404)):
        r = client.post(f"/v1/companies/{cid}/invites", token=acct.access,
                        json={"email": unique_email("m"), "role": "member"})
        assert r.status_code == status, r.text
        r = client.get(f"/v1/companies/{cid}/invites", token=acct.access)
        assert r.status_code == {201: 200}.get(status, status), r.text
        pending = invite(client, owner, cid, unique_email("r"))
        r = client.delete(f"/v1/companies/{cid}/invites/{pending['id']}", token=acct.access)
        assert r.status_code == {201: 204}.get(status, status), r.text
    # inviting an owner: an owner only
    for acct, status in ((owner, 201), (admin, 403), (member, 403), (stranger, 404)):
        r = client.post(f"/v1/companies/{cid}/invites", token=acct.access,
                        json={"email": unique_email("o"), "role": "owner"})
        assert r.status_code == status, r.text
    assert_problem(client.post(f"/v1/companies/{cid}/invites", token=owner.access,
                               json={"email": unique_email("x"), "role": "king"}), 400,
                   field="role")
    assert_problem(client.post(f"/v1/companies/{cid}/invites", token=owner.access,
                               json={"email": "not an address"}), 400)
    assert_problem(client.post(f"/v1/companies/{cid}/invites", token=owner.access,
                               json={"email": member.email}), 409)


def test_registering_with_an_invite_joins_instead_of_founding(client, sink):
    owner = client.register()
    cid = active_company(owner.access)
    email = unique_email("newcomer")
    invite(client, owner, cid, email, "admin")
    ticket = ticket_from_sink(sink, email)
    assert_problem(client.register_raw(unique_email("other"), invite=ticket), 404)
    r = client.register_raw(email, invite=ticket)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["user"]["role"] == "admin"
    assert active_company(body["access_token"]) == cid
    mine = client.get("/v1/companies", token=body["access_token"]).json()["companies"]
    assert [(c["id"], c["role"]) for c in mine] == [(cid, "admin")]
    assert_problem(client.register_raw(unique_email("late"), invite=ticket), 400,
                   "invalid_ticket", field="invite")


def test_an_invite_registers_an_active_account_when_activation_is_required(start_server,
                                                                           mail_sink):
    server = flow_server(start_server, mail_sink, AUTO_ACTIVATE_NEW_USERS="false")
    client = server.client
    # the inviter is activated through its own mail first
    owner_email = unique_email("owner")
    r = client.register_raw(owner_email)
    assert r.status_code == 201 and "access_token" not in r.json(), r.text
    assert client.get(link_in(mail_sink.wait_for(owner_email)).replace(server.url, "")) \
        .status_code in (200, 302, 303)
    owner_login = client.login_raw(email=owner_email)
    assert owner_login.status_code == 200, owner_login.text
    owner_token = owner_login.json()["access_token"]
    cid = active_company(owner_token)
    email = unique_email("invited")
    r = client.post(f"/v1/companies/{cid}/invites", token=owner_token, json={"email": email})
    assert r.status_code == 201, r.text
    ticket = ticket_from_sink(mail_sink, email)
    r = client.register_raw(email, invite=ticket)
    assert r.status_code == 201, r.text
    assert "access_token" in r.json(), r.json()
    assert client.login_raw(email=email).status_code == 200


def test_an_expired_invite_is_refused(start_server, mail_sink):
    server = start_server(env=mail_sink.env(PORTCULLIS_INVITE_TTL="1"))
    client = server.client
    owner = client.register()
    cid = active_company(owner.access)
    guest = client.register()
    invite(client, owner, cid, guest.email)
    ticket = ticket_from_sink(mail_sink, guest.email)
    time.sleep(2.2)
    assert_problem(accept(client, guest, ticket), 400, "invalid_ticket", field="ticket")
    assert client.get(f"/v1/companies/{cid}/invites", token=owner.access).json()["invites"] == []


def test_the_mailed_link_shows_the_invite_without_using_it(server, client, sink):
    owner = client.register(unique_email("owner"))
    cid = active_company(owner.access)
    guest_email = unique_email("guest")
    invite(client, owner, cid, guest_email, "admin")
    link = link_in(sink.wait_for(guest_email))
    r = client.get(link[len(server.url):])  # the link itself, as a browser would open it
    assert r.status_code == 200, r.text
    shown = r.json()
    assert shown["email"] == guest_email and shown["role"] == "admin"
    assert shown["company"]["id"] == cid and shown["company"]["name"]
    assert not {"ticket", "token", "token_hash"} & set(shown)
    # Looking does not use it: the addressee still joins with it.
    ticket = ticket_from_sink(sink, guest_email)
    guest = client.register(guest_email, invite=ticket)
    assert active_company(guest.access) == cid
    r = client.get("/v1/invites/accept", params={"ticket": ticket})
    assert_problem(r, 400, "invalid_ticket", field="ticket")
    assert_problem(client.get("/v1/invites/accept", params={"ticket": "nope"}), 400,
                   "invalid_ticket")


def test_invite_url_and_the_mail_limits(module_server_pool):
    sink, server = company_server(module_server_pool, INVITE_URL="https://app.example/join?x=1",
                                  RATE_LIMITS__MAIL_PER_ADDRESS="2/1h")
    try:
        client = server.client
        owner = client.register(unique_email("owner"))
        cid = active_company(owner.access)
        guest = unique_email("guest")
        invite(client, owner, cid, guest)
        links = sink.wait_for(guest).links
        assert any(u.startswith("https://app.example/join?x=1&ticket=") for u in links), links
        invite(client, owner, cid, guest)
        # An invite is a mail: the address's limit counts it like any other.
        r = client.post(f"/v1/companies/{cid}/invites", token=owner.access,
                        json={"email": guest, "role": "member"})
        assert_problem(r, 429, "rate_limited")
    finally:
        sink.stop()
