"""The admin API's companies end to end: every company of the instance a page at a time by id
(the {items, next_cursor} shape, stable while companies are founded), and one company with its
members and their roles; an unknown company is 404."""

from __future__ import annotations

import pytest

from admins import make_admin
from harness import assert_problem


@pytest.fixture(scope="module")
def admin(server):
    return make_admin(server)


def all_companies(client, admin, limit):
    items, cursor = [], None
    while True:
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        r = client.get("/v1/admin/companies", token=admin.access, params=params)
        assert r.status_code == 200, r.text
        assert set(r.json()) == {"items", "next_cursor"}
        items += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return items


def company_of(client, admin, acct):
    r = client.get(f"/v1/admin/users/{acct.user['id']}", token=admin.access)
    return r.json()["companies"][0]["id"]


def test_every_company_is_listed_once_in_id_order(client, admin):
    founders = [client.register() for _ in range(5)]
    ids = {company_of(client, admin, acct) for acct in founders}
    listed = all_companies(client, admin, limit=2)
    listed_ids = [c["id"] for c in listed]
    assert listed_ids == sorted(listed_ids) and len(listed_ids) == len(set(listed_ids))
    assert ids <= set(listed_ids)
    for company in listed:
        assert set(company) == {"id", "name", "created_by", "created_at", "updated_at"}
    for limit in ("0", "201", "x"):
        r = client.get("/v1/admin/companies", token=admin.access, params={"limit": limit})
        assert_problem(r, 400, "invalid_request")
    r = client.get("/v1/admin/companies", token=admin.access, params={"cursor": "%%"})
    assert r.status_code == 400


def test_one_company_with_its_members(client, admin):
    owner = client.register()
    cid = company_of(client, admin, owner)
    r = client.get(f"/v1/admin/companies/{cid}", token=admin.access)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == cid and body["created_by"] == owner.user["id"]
    assert [(m["user_id"], m["email"], m["role"]) for m in body["members"]] == [
        (owner.user["id"], owner.email, "owner")]
    r = client.get("/v1/admin/companies/00000000-0000-4000-8000-000000000000",
                   token=admin.access)
    assert_problem(r, 404, "not_found")
