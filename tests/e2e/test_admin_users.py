"""The admin API's accounts end to end: search by email, username or id prefix, a page at a time
with an opaque cursor (stable while accounts register: no repeats, nobody skipped); one account
with its companies; disabling revokes every session at once (the live access token, the refresh
token and the user's personal token fail on the next request) and login answers 403
account_disabled only to the right password; enabling restores login; the instance role and the
verified mark; deletion; MFA reset; session revocation; no admin may disable or demote themself.
Every answer leaves password hashes and secrets out."""

from __future__ import annotations

import threading

import pyotp
import pytest

from admins import all_users, make_admin
from harness import PASSWORD, assert_problem, unique

READ = {"feature": "products", "scope": "all", "action": "read"}


@pytest.fixture(scope="module")
def admin(server):
    return make_admin(server)


def user_url(acct):
    return f"/v1/admin/users/{acct.user['id']}"


def patch(client, admin, acct, **body):
    return client.patch(user_url(acct), token=admin.access, json=body)


def test_search_by_email_username_and_id_prefix(client, admin):
    tag = unique("find")
    a = client.register(f"{tag}-a@example.com", username=f"{tag}_alpha")
    b = client.register(f"{tag}-b@example.com")
    found = all_users(client, admin, query=tag)
    r = client.get("/v1/admin/users", token=admin.access, params={"query": tag})
    assert "$argon2" not in r.text
    assert [u["id"] for u in found] == sorted([a.user["id"], b.user["id"]])  # ordered by id
    for item in found:
        assert not [k for k in item if "hash" in k or "secret" in k], item
        assert item["disabled"] is False and item["instance_role"] == "user"
        assert item["created_at"].endswith("Z")
    # case-insensitive; the username and the id are prefixes too
    assert [u["id"] for u in all_users(client, admin, query=tag.upper() + "-A")] == [a.user["id"]]
    assert [u["id"] for u in all_users(client, admin, query=f"{tag}_al")] == [a.user["id"]]
    by_id = all_users(client, admin, query=b.user["id"][:13])
    assert b.user["id"] in [u["id"] for u in by_id]
    assert all(u["id"].startswith(b.user["id"][:13]) or u["email"].startswith(b.user["id"][:13])
               for u in by_id)
    assert all_users(client, admin, query=unique("nobody")) == []


def test_pages_have_the_fixed_shape_and_bounds(client, admin):
    tag = unique("page")
    made = sorted(client.register(f"{tag}{i}@example.com").user["id"] for i in range(5))
    r = client.get("/v1/admin/users", token=admin.access, params={"query": tag, "limit": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"items", "next_cursor"}
    assert [u["id"] for u in body["items"]] == made[:2]
    assert isinstance(body["next_cursor"], str) and made[1] not in body["next_cursor"]
    ids = [u["id"] for u in all_users(client, admin, query=tag, limit=2)]
    assert ids == made
    r = client.get("/v1/admin/users", token=admin.access, params={"query": tag})  # default 50
    assert [u["id"] for u in r.json()["items"]] == made and r.json()["next_cursor"] is None
    for limit in ("0", "201", "-1", "ten", ""):
        r = client.get("/v1/admin/users", token=admin.access, params={"limit": limit})
        assert_problem(r, 400, "invalid_request")
    for cursor in ("zz", "abc", "not a cursor", "00"):
        r = client.get("/v1/admin/users", token=admin.access, params={"cursor": cursor})
        assert_problem(r, 400, "invalid_request")


@pytest.mark.concurrency
def test_paging_is_stable_while_accounts_register(client, admin):
    tag = unique("race")
    before = {client.register(f"{tag}-{i:02d}@example.com").user["id"] for i in range(24)}
    stop = threading.Event()
    added = []

    def register_more():
        i = 0
        while not stop.is_set() and i < 60:
            added.append(client.register(f"{tag}-new{i}@example.com").user["id"])
            i += 1

    writer = threading.Thread(target=register_more)
    writer.start()
    try:
        seen = [u["id"] for u in all_users(client, admin, query=tag, limit=3)]
    finally:
        stop.set()
        writer.join()
    assert len(seen) == len(set(seen)), "an account was listed twice"
    assert before <= set(seen), "an account that existed before the listing was skipped"
    assert seen == sorted(seen)
    assert set(seen) <= before | set(added)


def test_get_shows_companies_roles_and_state_without_secrets(client, admin):
    acct = client.register()
    r = client.get(user_url(acct), token=admin.access)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == acct.user["id"] and body["email"] == acct.email
    assert body["mfa_enabled"] is False and body["disabled"] is False
    assert body["disabled_at"] is None and body["active_sessions"] == 1
    assert [c["role"] for c in body["companies"]] == ["owner"]
    assert "password_hash" not in body and "$argon2" not in r.text
    r = client.get("/v1/admin/users/00000000-0000-4000-8000-000000000000", token=admin.access)
    assert_problem(r, 404, "not_found")


def test_disable_revokes_everything_at_once_and_login_answers_only_the_password(client, admin):
    acct = client.register()
    other = client.register()
    second = client.login(acct)
    token = client.post("/v1/me/tokens", token=acct.access,
                        json={"name": "cli", "expires_at": 4102444800, "permissions": [READ]})
    assert token.status_code == 201, token.text
    pat = token.json()["token"]
    assert client.profile(pat).status_code == 200
    r = patch(client, admin, acct, disabled=True)
    assert r.status_code == 200, r.text
    assert r.json()["disabled"] is True and r.json()["disabled_at"].endswith("Z")
    # at once: the very next request with the live access tokens fails
    for access in (acct.access, second.access, pat):
        r = client.profile(access)
        assert r.status_code == 401, r.text
    r = client.refresh_raw(acct.refresh)
    assert r.status_code == 401, r.text
    # A wrong password answers exactly as for any account; only the right one learns "disabled".
    wrong = client.login_raw("not the password at all", email=acct.email)
    wrong_other = client.login_raw("not the password at all", email=other.email)
    assert wrong.status_code == wrong_other.status_code == 401
    assert wrong.json() == wrong_other.json()
    assert_problem(client.login_raw(email=acct.email), 403, "account_disabled")
    # the flag is idempotent; enabling restores login (the old sessions stay revoked)
    assert patch(client, admin, acct, disabled=True).status_code == 200
    r = patch(client, admin, acct, disabled=False)
    assert r.status_code == 200 and r.json()["disabled"] is False and r.json()["disabled_at"] is None
    assert client.login_raw(email=acct.email).status_code == 200
    assert client.profile(acct.access).status_code == 401
    assert client.profile(other.access).status_code == 200


def test_instance_role_and_self_protection(client, admin):
    acct = client.register()
    r = patch(client, admin, acct, instance_role="admin")
    assert r.status_code == 200 and r.json()["instance_role"] == "admin", r.text
    promoted = client.login(acct)
    assert client.get("/v1/admin/users", token=promoted.access).status_code == 200
    # no admin disables or demotes their own account
    for body in ({"disabled": True}, {"instance_role": "user"}):
        r = client.patch(user_url(promoted), token=promoted.access, json=body)
        assert_problem(r, 409, "conflict")
    r = client.delete(user_url(promoted), token=promoted.access)
    assert_problem(r, 409, "conflict")
    # but another admin may
    r = patch(client, admin, acct, instance_role="user")
    assert r.status_code == 200 and r.json()["instance_role"] == "user"
    assert_problem(client.get("/v1/admin/users", token=promoted.access), 403, "forbidden")
    for body in ({"instance_role": "owner"}, {"instance_role": 1}, {"disabled": "yes"},
                 {"unknown": True}):
        assert_problem(patch(client, admin, acct, **body), 400, "invalid_request")


def test_email_verified_mark(client, admin):
    acct = client.register()
    r = patch(client, admin, acct, email_verified=True)
    assert r.status_code == 200 and r.json()["email_verified"] is True, r.text
    assert r.json()["email_verified_at"].endswith("Z")
    r = patch(client, admin, acct, email_verified=False)
    assert r.json()["email_verified"] is False and r.json()["email_verified_at"] is None
    r = client.get(user_url(acct), token=admin.access)
    assert r.json()["email_verified"] is False


def test_delete_takes_the_account_and_its_lone_company(client, admin):
    acct = client.register()
    company = client.get(user_url(acct), token=admin.access).json()["companies"][0]["id"]
    r = client.delete(user_url(acct), token=admin.access)
    assert r.status_code == 204, r.text
    assert client.profile(acct.access).status_code == 401
    assert_problem(client.get(user_url(acct), token=admin.access), 404, "not_found")
    assert_problem(client.get(f"/v1/admin/companies/{company}", token=admin.access), 404)
    assert client.login_raw(email=acct.email).status_code == 401
    assert_problem(client.delete(user_url(acct), token=admin.access), 404, "not_found")
    # the address is free again
    client.register(acct.email)


def test_mfa_reset_turns_the_factor_off_and_signs_out(client, admin):
    acct = client.register()
    r = client.post("/v1/me/mfa/setup", token=acct.access, json={})
    assert r.status_code == 200, r.text
    secret = r.json()["secret"]
    r = client.post("/v1/me/mfa/verify", token=acct.access,
                    json={"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 200, r.text
    r = client.login_raw(email=acct.email)
    assert_problem(r, 401, "mfa_required")
    assert client.get(user_url(acct), token=admin.access).json()["mfa_enabled"] is True
    r = client.post(f"{user_url(acct)}/mfa/reset", token=admin.access, json={})
    assert r.status_code == 204, r.text
    assert client.profile(acct.access).status_code == 401
    r = client.login_raw(email=acct.email)
    assert r.status_code == 200 and "access_token" in r.json(), r.text
    assert r.json()["user"]["mfa_enabled"] is False
    # enrolment starts from scratch
    fresh = client.login(acct)
    r = client.post("/v1/me/mfa/setup", token=fresh.access, json={})
    assert r.status_code == 200 and r.json()["secret"] != secret


def test_sessions_revoke_signs_out_everywhere_but_login_still_works(client, admin):
    acct = client.register()
    second = client.login(acct)
    r = client.post(f"{user_url(acct)}/sessions/revoke", token=admin.access, json={})
    assert r.status_code == 200 and r.json() == {"revoked": 2}, r.text
    assert client.profile(acct.access).status_code == 401
    assert client.profile(second.access).status_code == 401
    assert client.refresh_raw(second.refresh).status_code == 401
    assert client.login_raw(email=acct.email, password=PASSWORD).status_code == 200
