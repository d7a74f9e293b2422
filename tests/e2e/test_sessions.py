"""Logout, revoke-all, listing and deleting sessions; revoked sessions fail at once."""

import time
import uuid

import jwt

from harness import USER_AGENT, assert_bearer_problem, assert_problem

SESSION_KEYS = {"id", "created_at", "last_refreshed_at", "expires_at", "auth_time", "user_agent",
                "ip", "current"}


def sid(access):
    return jwt.decode(access, options={"verify_signature": False})["sid"]


def test_logout_revokes_access_and_refresh_at_once(client):
    acct = client.register()
    other = client.login(acct)
    assert client.profile(acct.access).status_code == 200
    r = client.post("/v1/auth/logout", token=acct.access)
    assert r.status_code == 204, r.text
    assert r.content == b""
    assert_bearer_problem(client.profile(acct.access), "token_invalid")
    assert_problem(client.refresh_raw(acct.refresh), 401, "token_invalid")
    # logging out twice: the token is dead
    assert client.post("/v1/auth/logout", token=acct.access).status_code == 401
    # other sessions live on
    assert client.profile(other.access).status_code == 200
    assert client.refresh_raw(other.refresh).status_code == 200


def test_logout_without_token_is_401(client):
    assert_bearer_problem(client.post("/v1/auth/logout"), "unauthorized")


def test_revoke_all_revokes_every_session_including_this_one(client):
    acct = client.register()
    s2, s3 = client.login(acct), client.login(acct)
    bystander = client.register()
    r = client.post("/v1/me/sessions/revoke-all", token=s2.access)
    assert r.status_code == 204, r.text
    for s in (acct, s2, s3):
        assert_bearer_problem(client.profile(s.access), "token_invalid")
        assert_problem(client.refresh_raw(s.refresh), 401, "token_invalid")
    assert client.profile(bystander.access).status_code == 200
    # a new login still works
    fresh = client.login(acct)
    assert client.profile(fresh.access).status_code == 200


def test_list_sessions_marks_the_current_one(client):
    acct = client.register()
    second = client.login(acct)
    sessions = client.sessions(second.access)
    assert len(sessions) == 2, sessions
    for s in sessions:
        assert SESSION_KEYS <= set(s), f"missing {SESSION_KEYS - set(s)}"
        assert s["user_agent"] == USER_AGENT
        assert s["ip"] == "127.0.0.1"
        assert isinstance(s["current"], bool)
        assert s["created_at"] and s["expires_at"] and s["auth_time"]
    current = [s for s in sessions if s["current"]]
    assert len(current) == 1
    assert current[0]["id"] == sid(second.access)
    assert {s["id"] for s in sessions} == {sid(acct.access), sid(second.access)}
    # from the other session the other one is current
    again = client.sessions(acct.access)
    assert [s["id"] for s in again if s["current"]] == [sid(acct.access)]


def test_list_sessions_shows_only_own_sessions(client):
    a, b = client.register(), client.register()
    ids = {s["id"] for s in client.sessions(a.access)}
    assert sid(b.access) not in ids


def test_delete_another_own_session(client):
    acct = client.register()
    other = client.login(acct)
    r = client.delete(f"/v1/me/sessions/{sid(other.access)}", token=acct.access)
    assert r.status_code == 204, r.text
    assert_bearer_problem(client.profile(other.access), "token_invalid")
    assert_problem(client.refresh_raw(other.refresh), 401, "token_invalid")
    assert client.profile(acct.access).status_code == 200
    assert [s["id"] for s in client.sessions(acct.access)] == [sid(acct.access)]
    # deleting it again: it is gone
    r = client.delete(f"/v1/me/sessions/{sid(other.access)}", token=acct.access)
    assert r.status_code in (204, 404), r.text
    if r.status_code == 404:
        assert_problem(r, 404, "not_found")


def test_delete_someone_elses_session_is_404(client):
    mine, theirs = client.register(), client.register()
    r = client.delete(f"/v1/me/sessions/{sid(theirs.access)}", token=mine.access)
    assert_problem(r, 404, "not_found")
    assert client.profile(theirs.access).status_code == 200
    assert client.refresh_raw(theirs.refresh).status_code == 200


def test_delete_unknown_session_is_404(client):
    acct = client.register()
    r = client.delete(f"/v1/me/sessions/{uuid.uuid4()}", token=acct.access)
    assert_problem(r, 404, "not_found")
    r = client.delete("/v1/me/sessions/not-a-session-id", token=acct.access)
    assert r.status_code in (400, 404), r.text


def test_session_endpoints_require_a_token(client):
    assert_bearer_problem(client.get("/v1/me/sessions"), "unauthorized")
    assert_bearer_problem(client.post("/v1/me/sessions/revoke-all"), "unauthorized")
    assert_bearer_problem(client.delete(f"/v1/me/sessions/{uuid.uuid4()}"), "unauthorized")


def test_refresh_updates_last_refreshed_at(client):
    acct = client.register()
    before = {s["id"]: s for s in client.sessions(acct.access)}[sid(acct.access)]
    time.sleep(1.1)
    r = client.refresh_raw(acct.refresh)
    assert r.status_code == 200
    after = {s["id"]: s for s in client.sessions(r.json()["access_token"])}[sid(acct.access)]
    assert after["last_refreshed_at"] != before["last_refreshed_at"]
    assert after["created_at"] == before["created_at"]
