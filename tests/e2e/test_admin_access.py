"""The admin API is an instance admin's alone: every /v1/admin route answers 403 forbidden to a
member, a company admin, a company owner, a company's API key and a personal token (each a valid
credential, so not 401), 401 without a credential, and 200 to a session of an instance admin; a
demoted admin is refused at once (the role is read from the store on every call)."""

from __future__ import annotations

import pytest

from admins import make_admin
from company_keys import server, sink, world  # noqa: F401 (module fixtures)
from harness import assert_problem

USER = "00000000-0000-4000-8000-000000000000"
ROUTES = [
    ("GET", "/v1/admin/users", None),
    ("GET", "/v1/admin/users/{user}", None),
    ("PATCH", "/v1/admin/users/{user}", {"disabled": True}),
    ("DELETE", "/v1/admin/users/{user}", None),
    ("POST", "/v1/admin/users/{user}/mfa/reset", {}),
    ("POST", "/v1/admin/users/{user}/sessions/revoke", {}),
    ("GET", "/v1/admin/companies", None),
    ("GET", "/v1/admin/companies/{company}", None),
]


def call(client, method, path, body, credential, target, company):
    path = path.format(user=target, company=company)
    headers = {"Authorization": f"Bearer {credential}"} if credential else {}
    return client.request(method, path, json=body, headers=headers)


@pytest.fixture(scope="module")
def acme(world):
    return world.company()


def test_every_admin_route_refuses_members_owners_keys_and_tokens(world, server, acme):
    client = server.client
    key = world.api_key(acme)["key"]
    token = world.token(acme.owner, [{"feature": "products", "scope": "all", "action": "read"}])["token"]
    callers = {
        "member": acme.member.access,
        "company admin": acme.admin.access,
        "company owner": acme.owner.access,
        "api key": key,
        "personal token": token,
    }
    # The target is a real account and company: a refusal never depends on whether they exist.
    target = acme.member.user["id"]
    for name, credential in callers.items():
        for method, path, body in ROUTES:
            r = call(client, method, path, body, credential, target, acme.id)
            assert_problem(r, 403, "forbidden")
            assert "password_hash" not in r.text, (name, method, path)
    for method, path, body in ROUTES:
        r = call(client, method, path, body, None, target, acme.id)
        assert r.status_code == 401, (method, path, r.text)
    # Nothing was done by the refused calls.
    r = client.login_raw(email=acme.member.email)
    assert r.status_code == 200, r.text


def test_an_instance_admin_gets_in_and_a_demoted_one_is_refused_at_once(server, acme):
    client = server.client
    admin = make_admin(server)
    other = make_admin(server, "admin2")
    for method, path in (("GET", "/v1/admin/users"), ("GET", "/v1/admin/companies"),
                         ("GET", f"/v1/admin/users/{acme.owner.user['id']}"),
                         ("GET", f"/v1/admin/companies/{acme.id}")):
        r = client.request(method, path, token=admin.access)
        assert r.status_code == 200, (path, r.text)
    r = client.patch(f"/v1/admin/users/{admin.user['id']}", token=other.access,
                     json={"instance_role": "user"})
    assert r.status_code == 200 and r.json()["instance_role"] == "user", r.text
    # The same, still valid access token is no longer an admin's.
    r = client.get("/v1/admin/users", token=admin.access)
    assert_problem(r, 403, "forbidden")
