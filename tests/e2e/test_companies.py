"""Companies and members: registration founds a company the user owns; create, list, read,
rename, delete (owner, step-up); the member list, roles and removal; the member/admin/owner
matrix of every company and member route; the last owner cannot be demoted, removed or leave,
also under two concurrent demotions; a removal or demotion counts on the next request; a foreign
company's id answers 404 on every route."""

from __future__ import annotations

import time

import pytest

from companies import active_company, company_server, new_member
from harness import assert_problem, run_concurrently, unique_email


@pytest.fixture(scope="module")
def env(module_server_pool):
    sink, server = company_server(module_server_pool)
    yield sink, server
    sink.stop()


@pytest.fixture(scope="module")
def client(env):
    return env[1].client


@pytest.fixture(scope="module")
def sink(env):
    return env[0]


def my_company(client, acct):
    r = client.get("/v1/companies", token=acct.access)
    assert r.status_code == 200, r.text
    owned = [c for c in r.json()["companies"] if c["role"] == "owner"]
    assert owned, r.json()
    return owned[0]["id"]


def test_registration_founds_a_company_the_user_owns(client):
    acct = client.register(unique_email("founder"), display_name="Ada Founder")
    assert acct.user["role"] == "owner"
    assert acct.user["instance_role"] == "user"
    cid = active_company(acct.access)
    r = client.get("/v1/companies", token=acct.access)
    assert r.status_code == 200, r.text
    companies = r.json()["companies"]
    assert [(c["id"], c["name"], c["role"]) for c in companies] == [(cid, "Ada Founder", "owner")]
    assert client.get(f"/v1/companies/{cid}", token=acct.access).json()["role"] == "owner"
    # /me/profile shows the same user, role included
    assert client.profile(acct.access).json() == acct.user


def test_create_rename_and_delete_a_company(client):
    acct = client.register()
    r = client.post("/v1/companies", token=acct.access, json={"name": "Second Co"})
    assert r.status_code == 201, r.text
    second = r.json()
    assert second["name"] == "Second Co" and second["role"] == "owner"
    assert len(client.get("/v1/companies", token=acct.access).json()["companies"]) == 2
    r = client.patch(f"/v1/companies/{second['id']}", token=acct.access, json={"name": "Renamed"})
    assert r.status_code == 200, r.text
    assert client.get(f"/v1/companies/{second['id']}", token=acct.access).json()["name"] == "Renamed"
    assert_problem(client.patch(f"/v1/companies/{second['id']}", token=acct.access,
                                json={"name": ""}), 400, "invalid_request")
    assert_problem(client.post("/v1/companies", token=acct.access, json={}), 400,
                   "invalid_request", field="name")
    r = client.delete(f"/v1/companies/{second['id']}", token=acct.access)
    assert r.status_code == 204, r.text
    assert_problem(client.get(f"/v1/companies/{second['id']}", token=acct.access), 404)
    assert_problem(client.get("/v1/companies", token=None), 401)


def test_deleting_a_company_needs_a_recent_authentication(start_server):
    server = start_server(env={"PORTCULLIS_AUTH__STEP_UP_WINDOW": "1"})
    client = server.client
    acct = client.register()
    cid = active_company(acct.access)
    time.sleep(2.2)
    assert_problem(client.delete(f"/v1/companies/{cid}", token=acct.access), 403,
                   "step_up_required")
    r = client.post("/v1/auth/step-up", token=acct.access, json={"password": acct.password})
    assert r.status_code == 200, r.text
    assert client.delete(f"/v1/companies/{cid}", token=r.json()["access_token"]).status_code == 204


def test_the_role_matrix_of_every_company_and_member_route(client, sink):
    owner = client.register(unique_email("owner"))
    cid = active_company(owner.access)
    admin = new_member(client, sink, owner, cid, "admin")
    member = new_member(client, sink, owner, cid, "member")
    stranger = client.register(unique_email("stranger"))
    callers = {"owner": owner, "admin": admin, "member": member, "stranger": stranger}

    def each(expected, call):
        for name, status in expected.items():
            r = call(name, callers[name])
            assert r.status_code == status, f"{name}: {r.request.method} {r.request.path_url} " \
                                            f"{r.status_code} {r.text}"
            if status >= 400:
                assert_problem(r, status)

    each({"owner": 200, "admin": 200, "member": 200, "stranger": 404},
         lambda _, a: client.get(f"/v1/companies/{cid}", token=a.access))
    each({"owner": 200, "admin": 200, "member": 200, "stranger": 404},
         lambda _, a: client.get(f"/v1/companies/{cid}/members", token=a.access))
    each({"owner": 200, "admin": 200, "member": 403, "stranger": 404},
         lambda n, a: client.patch(f"/v1/companies/{cid}", token=a.access, json={"name": n}))

    # a fresh plain member as the target of each caller's role change and removal
    def target():
        return new_member(client, sink, owner, cid, "member")

    each({"owner": 200, "admin": 200, "member": 403, "stranger": 404},
         lambda _, a: client.patch(f"/v1/companies/{cid}/members/{target().user['id']}",
                                   token=a.access, json={"role": "admin"}))
    each({"owner": 204, "admin": 204, "member": 403, "stranger": 404},
         lambda _, a: client.delete(f"/v1/companies/{cid}/members/{target().user['id']}",
                                    token=a.access))
    # only an owner makes an owner or touches one
    each({"owner": 200, "admin": 403, "member": 403, "stranger": 404},
         lambda _, a: client.patch(f"/v1/companies/{cid}/members/{target().user['id']}",
                                   token=a.access, json={"role": "owner"}))
    co_owner = target()
    assert client.patch(f"/v1/companies/{cid}/members/{co_owner.user['id']}", token=owner.access,
                        json={"role": "owner"}).status_code == 200
    each({"admin": 403, "member": 403, "stranger": 404},
         lambda _, a: client.delete(f"/v1/companies/{cid}/members/{co_owner.user['id']}",
                                    token=a.access))
    assert_problem(client.patch(f"/v1/companies/{cid}/members/{member.user['id']}",
                                token=owner.access, json={"role": "boss"}), 400, field="role")
    assert_problem(client.patch(f"/v1/companies/{cid}/members/{stranger.user['id']}",
                                token=owner.access, json={"role": "admin"}), 404)
    # deleting: the owner only
    each({"admin": 403, "member": 403, "stranger": 404},
         lambda _, a: client.delete(f"/v1/companies/{cid}", token=a.access))
    # leaving: any member; a stranger has nothing to leave
    each({"member": 204, "stranger": 404},
         lambda _, a: client.post(f"/v1/companies/{cid}/leave", token=a.access))
    assert_problem(client.get(f"/v1/companies/{cid}", token=member.access), 404)
    assert client.delete(f"/v1/companies/{cid}", token=owner.access).status_code == 204
    assert_problem(client.get(f"/v1/companies/{cid}", token=admin.access), 404)


def test_the_last_owner_cannot_be_demoted_removed_or_leave(client, sink):
    owner = client.register()
    cid = active_company(owner.access)
    me = owner.user["id"]
    for r in (client.patch(f"/v1/companies/{cid}/members/{me}", token=owner.access,
                           json={"role": "admin"}),
              client.delete(f"/v1/companies/{cid}/members/{me}", token=owner.access),
              client.post(f"/v1/companies/{cid}/leave", token=owner.access)):
        assert_problem(r, 409, "last_owner")
    # with a second owner, the first may step down
    other = new_member(client, sink, owner, cid, "owner")
    r = client.patch(f"/v1/companies/{cid}/members/{me}", token=owner.access,
                     json={"role": "admin"})
    assert r.status_code == 200, r.text
    assert_problem(client.post(f"/v1/companies/{cid}/leave", token=other.access), 409,
                   "last_owner")


@pytest.mark.concurrency
@pytest.mark.parametrize("whom", ["themselves", "each other"])
def test_two_concurrent_demotions_leave_one_owner(client, sink, whom):
    for _ in range(5):
        a = client.register()
        cid = active_company(a.access)
        b = new_member(client, sink, a, cid, "owner")

        def demote(i, barrier):
            actor = (a, b)[i]
            target = actor if whom == "themselves" else (b, a)[i]
            barrier.wait()
            return client.request("PATCH", f"/v1/companies/{cid}/members/{target.user['id']}",
                                  token=actor.access, json={"role": "member"},
                                  session=client.new_session()).status_code

        statuses = sorted(run_concurrently(demote, 2))
        # Stepping down: the second finds itself the last owner. Demoting each other: the second
        # is no owner any more (403) — or, had both passed the role check, the last owner (409).
        assert statuses == [200, 409] if whom == "themselves" else statuses in ([200, 403],
                                                                                 [200, 409])
        members = client.get(f"/v1/companies/{cid}/members", token=a.access).json()["members"]
        assert [m["role"] for m in members].count("owner") == 1, members


@pytest.mark.concurrency
def test_two_concurrent_removals_leave_one_owner(client, sink):
    a = client.register()
    cid = active_company(a.access)
    b = new_member(client, sink, a, cid, "owner")

    def leave(i, barrier):
        actor = (a, b)[i]
        barrier.wait()
        return client.request("POST", f"/v1/companies/{cid}/leave", token=actor.access,
                              session=client.new_session()).status_code

    assert sorted(run_concurrently(leave, 2)) == [204, 409]


def test_a_removal_or_demotion_counts_on_the_next_request(client, sink):
    owner = client.register()
    cid = active_company(owner.access)
    admin = new_member(client, sink, owner, cid, "admin")
    assert client.get(f"/v1/companies/{cid}/invites", token=admin.access).status_code == 200
    assert client.patch(f"/v1/companies/{cid}/members/{admin.user['id']}", token=owner.access,
                        json={"role": "member"}).status_code == 200
    # the same access token, no refresh in between
    assert_problem(client.get(f"/v1/companies/{cid}/invites", token=admin.access), 403)
    assert client.delete(f"/v1/companies/{cid}/members/{admin.user['id']}",
                         token=owner.access).status_code == 204
    assert_problem(client.get(f"/v1/companies/{cid}", token=admin.access), 404)
    assert_problem(client.get(f"/v1/companies/{cid}/members", token=admin.access), 404)


def test_a_foreign_company_is_404_on_every_route(client, sink):
    owner = client.register()
    cid = active_company(owner.access)
    member = new_member(client, sink, owner, cid, "member")
    invite_id = client.post(f"/v1/companies/{cid}/invites", token=owner.access,
                            json={"email": unique_email("pending")}).json()["id"]
    stranger = client.register()
    routes = [
        ("GET", f"/v1/companies/{cid}", None),
        ("PATCH", f"/v1/companies/{cid}", {"name": "mine now"}),
        ("DELETE", f"/v1/companies/{cid}", None),
        ("GET", f"/v1/companies/{cid}/members", None),
        ("PATCH", f"/v1/companies/{cid}/members/{member.user['id']}", {"role": "admin"}),
        ("DELETE", f"/v1/companies/{cid}/members/{member.user['id']}", None),
        ("POST", f"/v1/companies/{cid}/leave", None),
        ("POST", f"/v1/companies/{cid}/invites", {"email": unique_email("x")}),
        ("GET", f"/v1/companies/{cid}/invites", None),
        ("DELETE", f"/v1/companies/{cid}/invites/{invite_id}", None),
        ("POST", "/v1/auth/switch-company", {"company_id": cid}),
    ]
    unknown = "00000000-0000-4000-8000-000000000000"
    for method, path, body in routes:
        assert_problem(client.request(method, path, token=stranger.access, json=body), 404)
        other = path.replace(cid, unknown)
        body_other = {"company_id": unknown} if body == {"company_id": cid} else body
        assert_problem(client.request(method, other, token=owner.access, json=body_other), 404)
    # nothing changed
    assert client.get(f"/v1/companies/{cid}", token=owner.access).json()["name"] != "mine now"
    assert len(client.get(f"/v1/companies/{cid}/members", token=owner.access).json()["members"]) == 2
    assert [i["id"] for i in client.get(f"/v1/companies/{cid}/invites",
                                        token=owner.access).json()["invites"]] == [invite_id]


def test_deleting_an_account_hands_its_companies_over(start_server, mail_sink):
    server = start_server(env=mail_sink.env(PORTCULLIS_ALLOW_USER_SELF_DELETE="true"))
    client = server.client
    owner = client.register()
    shared = active_company(owner.access)
    alone = client.post("/v1/companies", token=owner.access, json={"name": "Alone"}).json()["id"]
    member = new_member(client, mail_sink, owner, shared, "member")
    time.sleep(1.1)  # joined a second later than the member: the admin still wins
    admin = new_member(client, mail_sink, owner, shared, "admin")
    assert client.delete("/v1/me", token=owner.access).status_code == 204
    members = client.get(f"/v1/companies/{shared}/members", token=admin.access).json()["members"]
    assert {(m["email"], m["role"]) for m in members} == {(member.email, "member"),
                                                          (admin.email, "owner")}
    assert server.query("SELECT count(*) FROM companies WHERE id = ?", (alone,)) == [(0,)]
