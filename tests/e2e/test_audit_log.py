"""The audit log end to end: logins (success and failure, the reason shown to instance admins and
company admins, never to the failing request or the user's own list), MFA, step-up and password
events; the three lists (/v1/me/security-events, /v1/companies/{id}/audit, /v1/admin/audit) with
their filters, cursor pages stable under concurrent inserts, company isolation; no secret in the
database; the dropped-events gauge."""

from __future__ import annotations

import threading
import time

import pytest

from admins import all_items, make_admin, page
from companies import active_company, company_server, join
from harness import PASSWORD, USER_AGENT, Client, assert_problem, unique_email
from test_mfa import enrol

FLUSH_WAIT = 1.6  # the buffered events (refused logins) are written every second

@pytest.fixture(scope="module")
def sink_and_server(module_server_pool):
    sink, server = company_server(module_server_pool)
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



def own_events(client, token, **params):
    return all_items(client, "/v1/me/security-events", token, **params)


def admin_events(client, admin, **params):
    return all_items(client, "/v1/admin/audit", admin, **params)


def of_user(items, user_id):
    return [e for e in items if e["user_id"] == user_id]


def test_login_success_and_failures_with_internal_reasons(client, admin):
    acct = client.register()
    uid = acct.user["id"]
    r = client.login_raw("wrong password 1", email=acct.email)
    assert_problem(r, 401, "invalid_credentials")
    assert "wrong_password" not in r.text
    unknown = unique_email("nobody")
    r = client.login_raw("wrong password 2", email=unknown)
    assert_problem(r, 401, "invalid_credentials")
    assert "unknown_user" not in r.text
    ok = client.login(acct)
    time.sleep(FLUSH_WAIT)

    failed = admin_events(client, admin, type="login_failed")
    mine = of_user(failed, uid)
    assert [e["detail"] for e in mine] == ["wrong_password"], mine
    event = mine[0]
    assert event["outcome"] == "failure"
    assert event["actor"] == {"type": "anonymous", "id": None}
    assert event["ip"] == "127.0.0.1" and event["user_agent"] == USER_AGENT
    assert event["at"].endswith("Z")
    # an unknown account: no user_id, and what was typed is not logged
    anonymous = [e for e in failed if e["user_id"] is None and e["detail"] == "unknown_user"]
    assert anonymous, failed
    assert all(unknown not in str(e) for e in failed)

    logins = of_user(admin_events(client, admin, type="login"), uid)
    assert len(logins) == 1
    login = logins[0]
    assert login["actor"] == {"type": "user", "id": uid}
    assert login["detail"] == "amr=pwd"
    assert login["company_id"] == active_company(ok.access)
    assert login["target"]["type"] == "session"

    # the user's own list: the same events, the failure's reason kept internal
    own = own_events(client, ok.access)
    types = [e["type"] for e in own]
    # newest first by the order of writing: a refused login is written by the next flush, so it
    # may come after the login that followed it
    assert sorted(types[:2]) == ["login", "login_failed"] and types[2:] == ["registration"], types
    own_failure = next(e for e in own if e["type"] == "login_failed")
    assert own_failure["detail"] is None
    assert own_failure["outcome"] == "failure"


def test_mfa_step_up_and_password_change_are_logged(client):
    e = enrol(client)
    acct = e.acct
    r = client.post("/v1/auth/step-up", token=acct.access,
                    json={"password": "not the password", "totp_code": "123456"})
    assert_problem(r, 401, "invalid_credentials", field="password")
    r = client.post("/v1/auth/step-up", token=acct.access,
                    json={"password": acct.password, "totp_code": e.codes.next()})
    assert r.status_code == 200, r.text
    fresh = r.json()["access_token"]
    r = client.login_raw(acct.password, email=acct.email)  # MFA on: a ticket, not a session
    assert_problem(r, 401, "mfa_required")
    new_password = PASSWORD + " changed"
    r = client.post("/v1/me/password", token=fresh,
                    json={"old_password": acct.password, "new_password": new_password})
    assert r.status_code == 204, r.text
    time.sleep(FLUSH_WAIT)
    types = [ev["type"] for ev in own_events(client, fresh)]
    for expected in ("registration", "mfa_enabled", "step_up_failed", "step_up", "login_failed",
                     "password_changed"):
        assert expected in types, types
    assert types[0] == "password_changed", types


def test_lists_are_refused_to_whom_they_do_not_belong(client, sink, admin):
    owner = client.register(unique_email("owner"))
    cid = active_company(owner.access)
    member = client.register(unique_email("member"))
    join(client, sink, owner, cid, member)
    stranger = client.register(unique_email("stranger"))

    # instance admins only
    assert_problem(client.get("/v1/admin/audit", token=owner.access), 403)
    assert client.get("/v1/admin/audit").status_code == 401
    # a company's log: its owners and admins; a member is refused, a stranger sees no company
    assert_problem(client.get(f"/v1/companies/{cid}/audit", token=member.access), 403)
    assert_problem(client.get(f"/v1/companies/{cid}/audit", token=stranger.access), 404)
    other = active_company(stranger.access)
    assert_problem(client.get(f"/v1/companies/{other}/audit", token=owner.access), 404)

    client.login(owner)
    client.login(stranger)
    items = all_items(client, f"/v1/companies/{cid}/audit", owner.access)
    assert items and all(e["company_id"] == cid for e in items)
    assert stranger.user["id"] not in str(items)
    assert "login" in [e["type"] for e in items]
    # the instance admin reads every company's events
    everything = admin_events(client, admin, type="login")
    assert {owner.user["id"], stranger.user["id"]} <= {e["user_id"] for e in everything}


def test_filters_and_cursor_pages(client):
    acct = client.register()
    for _ in range(5):
        client.login(acct)
    start = time.time()
    events = own_events(client, acct.access)
    assert [e["type"] for e in events] == ["login"] * 5 + ["registration"]
    ids = [e["id"] for e in events]
    assert len(set(ids)) == len(ids)

    # pages of 2: the same events in the same order, then no cursor
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = page(client, "/v1/me/security-events", acct.access, **params)
        assert len(body["items"]) <= 2
        seen += [e["id"] for e in body["items"]]
        cursor = body["next_cursor"]
        pages += 1
        if cursor is None:
            break
    assert seen == ids and pages == 3

    registrations = own_events(client, acct.access, type="registration")
    assert [e["type"] for e in registrations] == ["registration"]
    by_actor = own_events(client, acct.access, actor=acct.user["id"], type="login")
    assert len(by_actor) == 5
    assert own_events(client, acct.access, actor="someone-else") == []
    assert own_events(client, acct.access, since=int(start) + 3600) == []
    assert len(own_events(client, acct.access, until="2001-01-01T00:00:00Z")) == 0
    assert len(own_events(client, acct.access, since="2001-01-01T00:00:00+02:00")) == 6

    for bad in ({"limit": 0}, {"limit": 201}, {"limit": "x"}, {"cursor": "not-a-cursor"},
                {"since": "yesterday"}):
        r = client.get("/v1/me/security-events", token=acct.access, params=bad)
        assert_problem(r, 400, "invalid_request")


@pytest.mark.concurrency
def test_pages_stay_stable_while_events_are_appended(client, server, admin):
    acct = client.register()
    for _ in range(21):  # enough for every page below, however slowly the writer goes
        client.login(acct)
    stop = threading.Event()
    other = Client(server)  # a session of its own: requests.Session is not shared across threads

    def keep_logging_in():
        while not stop.is_set():
            other.login(acct)

    writer = threading.Thread(target=keep_logging_in)
    writer.start()
    try:
        seen, cursor = [], None
        first = page(client, "/v1/admin/audit", admin, type="login", limit=3)
        seen += first["items"]
        cursor = first["next_cursor"]
        for _ in range(6):
            body = page(client, "/v1/admin/audit", admin, type="login", limit=3, cursor=cursor)
            seen += body["items"]
            cursor = body["next_cursor"]
            time.sleep(0.05)
    finally:
        stop.set()
        writer.join()
    ids = [e["id"] for e in seen]
    assert len(ids) == 21
    assert len(set(ids)) == len(ids), "an event was repeated across pages"
    times = [e["at"] for e in seen]
    assert times == sorted(times, reverse=True), "not newest first"


def test_no_secret_in_the_database(client, server):
    acct = client.register(password="audit secret password 42")
    client.login_raw("typed wrong secret 43", email=acct.email)
    fresh = client.login(acct)
    r = client.post("/v1/auth/refresh", json={"refresh_token": fresh.refresh})
    assert r.status_code == 200, r.text
    time.sleep(FLUSH_WAIT)
    data = server.database_bytes()
    for secret in ("audit secret password 42", "typed wrong secret 43", fresh.refresh,
                   fresh.access, r.json()["refresh_token"]):
        assert secret.encode() not in data, "a secret is in the database"


def test_dropped_events_gauge_is_exported(client):
    r = client.get("/metrics")
    assert r.status_code == 200
    assert "portcullis_audit_events_dropped_total 0" in r.text


def test_refresh_token_theft_and_logouts_are_logged(client, admin):
    acct = client.register()
    uid = acct.user["id"]
    first = acct.refresh
    r = client.refresh_raw(first)
    assert r.status_code == 200, r.text
    r = client.refresh_raw(r.json()["refresh_token"])
    assert r.status_code == 200, r.text
    r = client.refresh_raw(first)  # a token two generations old: theft, the session is revoked
    assert_problem(r, 401)
    other = client.login(acct)
    r = client.post("/v1/auth/logout", token=other.access)
    assert r.status_code == 204, r.text
    last = client.login(acct)
    r = client.post("/v1/me/sessions/revoke-all", token=last.access, json={})
    assert r.status_code in (200, 204), r.text
    last = client.login(acct)

    stolen = of_user(admin_events(client, admin, type="refresh_token_reused"), uid)
    assert len(stolen) == 1, stolen
    assert stolen[0]["outcome"] == "failure"
    assert stolen[0]["target"]["type"] == "session"
    assert stolen[0]["actor"] == {"type": "anonymous", "id": None}
    assert "revoked" in stolen[0]["detail"]
    types = [e["type"] for e in own_events(client, last.access)]
    for expected in ("refresh_token_reused", "logout", "logout_all"):
        assert expected in types, types
    own_theft = next(e for e in own_events(client, last.access) if e["type"] ==
                     "refresh_token_reused")
    assert own_theft["detail"] is None


def test_api_key_created_used_once_a_day_and_revoked(client, admin):
    owner = client.register(unique_email("keyowner"))
    cid = active_company(owner.access)
    r = client.post(f"/v1/companies/{cid}/api-keys", token=owner.access, json={"name": "bot"})
    assert r.status_code == 201, r.text
    key = r.json()
    for _ in range(3):
        r = client.get("/v1/me/profile", headers={"Authorization": f"Bearer {key['key']}"})
        assert r.status_code == 200, r.text
    r = client.delete(f"/v1/companies/{cid}/api-keys/{key['id']}", token=owner.access)
    assert r.status_code == 204, r.text
    time.sleep(FLUSH_WAIT)

    items = all_items(client, f"/v1/companies/{cid}/audit", owner.access)
    about_key = [e for e in items if e["target"] and e["target"]["id"] == key["id"]]
    # three uses, one first-use event; a buffered event is written by the next flush, so it may
    # come after the revocation in the log's order
    by_type = {e["type"]: e for e in about_key}
    assert sorted(e["type"] for e in about_key) == ["api_key_created", "api_key_revoked",
                                                    "credential_used"], about_key
    assert about_key[-1]["type"] == "api_key_created"
    revoked, used, created = (by_type["api_key_revoked"], by_type["credential_used"],
                              by_type["api_key_created"])
    assert created["actor"] == {"type": "user", "id": owner.user["id"]}
    assert created["target"]["type"] == "api_key" and created["company_id"] == cid
    assert used["actor"] == {"type": "api_key", "id": key["id"]}
    assert revoked["ip"] is None or revoked["ip"] == "127.0.0.1"
    assert key["key"] not in str(items)


def test_role_changes_and_membership_removal_are_in_the_company_log(client, sink):
    owner = client.register(unique_email("roleowner"))
    cid = active_company(owner.access)
    member = client.register(unique_email("rolemember"))
    join(client, sink, owner, cid, member)
    mid = member.user["id"]
    r = client.patch(f"/v1/companies/{cid}/members/{mid}", token=owner.access,
                     json={"role": "admin"})
    assert r.status_code == 200, r.text
    r = client.delete(f"/v1/companies/{cid}/members/{mid}", token=owner.access)
    assert r.status_code == 204, r.text

    items = all_items(client, f"/v1/companies/{cid}/audit", owner.access)
    about_member = [e for e in items if e["user_id"] == mid]
    assert [e["type"] for e in about_member][:2] == ["member_removed", "member_role_changed"]
    removed, changed = about_member[:2]
    assert changed["detail"] == "member -> admin"
    assert changed["actor"] == {"type": "user", "id": owner.user["id"]}
    assert changed["target"] == {"type": "user", "id": mid}
    assert removed["company_id"] == cid
    # the member sees what was done to its account in its own list
    types = [e["type"] for e in own_events(client, member.access)]
    assert "member_removed" in types and "member_role_changed" in types


def test_a_user_agent_that_is_not_utf8_is_stored_with_replacement_characters(client, admin):
    # A byte that is no UTF-8 (PostgreSQL refuses such text) reaches the session and the log as
    # U+FFFD; it neither fails the login nor holds the buffered events back.
    acct = client.register()
    agent = "agent\xff"  # sent as the single byte 0xFF
    r = client.post("/v1/auth/login", json={"email": acct.email, "password": "wrong password 3"},
                    headers={"User-Agent": agent})
    assert_problem(r, 401, "invalid_credentials")
    r = client.post("/v1/auth/login", json={"email": acct.email, "password": acct.password},
                    headers={"User-Agent": agent})
    assert r.status_code == 200, r.text
    time.sleep(FLUSH_WAIT)
    events = of_user(admin_events(client, admin), acct.user["id"])
    by_type = {e["type"]: e for e in events}
    assert by_type["login"]["user_agent"] == "agent\ufffd"
    assert by_type["login_failed"]["user_agent"] == "agent\ufffd"
