"""The active company in tokens: access tokens carry `cid` and `role` (verified with PyJWT against
the server's JWKS), the login answer's user.role is that role and instance_role is apart; a login
(also through the MFA second step) starts in the company used last; POST /v1/auth/switch-company gives a new access token for the
same session whose refreshes keep the choice; a member removed from the active company is moved
back to one of their own at the next refresh; a foreign company is 404."""

from __future__ import annotations

import jwt
import pyotp
import pytest

from companies import active_company, company_server, join, new_member, switch
from flows import flow_server, link_in, query_param
from harness import assert_problem, unique_email

ALG = "ES256"


@pytest.fixture(scope="module")
def env(module_server_pool):
    sink, server = company_server(module_server_pool, JWT_ALG=ALG)
    yield sink, server
    sink.stop()


@pytest.fixture(scope="module")
def client(env):
    return env[1].client


@pytest.fixture(scope="module")
def sink(env):
    return env[0]


@pytest.fixture(scope="module")
def verify(client):
    keys = client.get("/.well-known/jwks.json").json()["keys"]

    def check(token):
        kid = jwt.get_unverified_header(token)["kid"]
        jwk = next(k for k in keys if k.get("kid") == kid)
        return jwt.decode(token, jwt.PyJWK(jwk, algorithm=ALG).key, algorithms=[ALG],
                          issuer="portcullis", leeway=5)

    return check


def test_tokens_and_the_login_answer_carry_the_active_company(client, verify):
    acct = client.register()
    claims = verify(acct.access)
    assert claims["role"] == "owner" and claims["cid"]
    assert acct.user["role"] == "owner" and acct.user["instance_role"] == "user"
    again = client.login(acct)
    assert verify(again.access)["cid"] == claims["cid"]
    assert again.user["role"] == "owner"
    r = client.refresh_raw(again.refresh)
    assert r.status_code == 200, r.text
    assert verify(r.json()["access_token"])["cid"] == claims["cid"]
    assert r.json()["user"]["role"] == "owner"


def test_switch_company_changes_cid_and_role_and_refresh_keeps_it(client, sink, verify):
    owner = client.register()
    theirs = active_company(owner.access)
    me = new_member(client, sink, owner, theirs, "admin")
    mine = verify(me.access)["cid"]
    assert mine != theirs
    r = client.post("/v1/auth/switch-company", token=me.access, json={"company_id": theirs})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"access_token", "token_type", "expires_in"}
    assert "refresh_token" not in body
    assert body["user"]["role"] == "admin"
    claims = verify(body["access_token"])
    assert (claims["cid"], claims["role"]) == (theirs, "admin")
    assert claims["sid"] == verify(me.access)["sid"]
    # the session keeps the choice across refreshes
    r = client.refresh_raw(me.refresh)
    assert r.status_code == 200, r.text
    refreshed = verify(r.json()["access_token"])
    assert (refreshed["cid"], refreshed["role"]) == (theirs, "admin")
    assert r.json()["user"]["role"] == "admin"
    # and the next login starts where the user was last
    login = client.login(me)
    assert (verify(login.access)["cid"], login.user["role"]) == (theirs, "admin")
    # back home
    switch(client, me, mine)
    assert verify(me.access)["role"] == "owner"


def test_switching_to_a_foreign_company_is_404(client):
    acct = client.register()
    stranger = client.register()
    assert_problem(client.post("/v1/auth/switch-company", token=stranger.access,
                               json={"company_id": active_company(acct.access)}), 404)
    assert_problem(client.post("/v1/auth/switch-company", token=stranger.access,
                               json={"company_id": "00000000-0000-4000-8000-000000000000"}), 404)
    assert_problem(client.post("/v1/auth/switch-company", token=stranger.access, json={}), 400,
                   field="company_id")
    assert_problem(client.post("/v1/auth/switch-company",
                               json={"company_id": active_company(acct.access)}), 401)


def test_a_removed_member_falls_back_at_the_next_refresh(client, sink, verify):
    owner = client.register()
    theirs = active_company(owner.access)
    me = client.register(unique_email("removed"))
    mine = active_company(me.access)
    join(client, sink, owner, theirs, me, "member")
    switch(client, me, theirs)
    assert client.get(f"/v1/companies/{theirs}", token=me.access).status_code == 200
    assert client.delete(f"/v1/companies/{theirs}/members/{me.user['id']}",
                         token=owner.access).status_code == 204
    # at once on the company routes, with the same token
    assert_problem(client.get(f"/v1/companies/{theirs}", token=me.access), 404)
    r = client.refresh_raw(me.refresh)
    assert r.status_code == 200, r.text
    claims = verify(r.json()["access_token"])
    assert (claims["cid"], claims["role"]) == (mine, "owner")
    assert r.json()["user"]["role"] == "owner"


def test_a_demotion_shows_in_the_next_refreshed_token(client, sink, verify):
    owner = client.register()
    theirs = active_company(owner.access)
    me = new_member(client, sink, owner, theirs, "admin")
    switch(client, me, theirs)
    assert client.patch(f"/v1/companies/{theirs}/members/{me.user['id']}", token=owner.access,
                        json={"role": "member"}).status_code == 200
    r = client.refresh_raw(me.refresh)
    assert r.status_code == 200, r.text
    assert verify(r.json()["access_token"])["role"] == "member"
    assert r.json()["user"]["role"] == "member"


def test_an_account_in_no_company_has_no_cid(start_server):
    server = start_server(env={"PORTCULLIS_CREATE_COMPANY_ON_SIGNUP": "false"})
    acct = server.client.register()
    claims = jwt.decode(acct.access, options={"verify_signature": False})
    assert "cid" not in claims and claims["role"] == "member"
    assert acct.user["role"] == "member"
    assert server.client.get("/v1/companies", token=acct.access).json() == {"companies": []}


def test_a_magic_link_sign_up_and_its_sign_ins_carry_the_company(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, MAGIC_LINK_ENABLED="true",
                         MAGIC_LINK_SIGNUP="true")
    client = server.client
    email = unique_email("magic")
    assert client.post("/v1/auth/magic-link", json={"email": email}).status_code == 202
    token = query_param(link_in(mail_sink.wait_for(email)), "token")
    r = client.post("/v1/auth/magic-link/verify", json={"token": token})
    assert r.status_code == 200, r.text
    claims = jwt.decode(r.json()["access_token"], options={"verify_signature": False})
    assert claims["cid"] and claims["role"] == "owner"
    assert r.json()["user"]["role"] == "owner"
    mine = client.get("/v1/companies", token=r.json()["access_token"]).json()["companies"]
    assert [(c["id"], c["name"], c["role"]) for c in mine] == [(claims["cid"], email, "owner")]


def test_the_mfa_second_step_starts_in_the_company_used_last(client, sink, verify):
    owner = client.register()
    theirs = active_company(owner.access)
    me = new_member(client, sink, owner, theirs, "admin")
    setup = client.post("/v1/me/mfa/setup", token=me.access, json={})
    assert setup.status_code == 200, setup.text
    r = client.post("/v1/me/mfa/verify", token=me.access,
                    json={"code": pyotp.TOTP(setup.json()["secret"]).now()})
    assert r.status_code == 200, r.text
    recovery = r.json()["recovery_codes"]
    switch(client, me, theirs)
    ticket = assert_problem(client.login_raw(me.password, email=me.email), 401,
                            "mfa_required")["mfa_ticket"]
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": recovery[0]})
    assert r.status_code == 200, r.text
    claims = verify(r.json()["access_token"])
    assert (claims["cid"], claims["role"]) == (theirs, "admin")
    assert r.json()["user"]["role"] == "admin"
