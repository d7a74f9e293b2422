"""POST /v1/auth/refresh: rotation, the reuse grace (client race) and theft detection, concurrency."""

import time

import jwt
import pytest

from harness import assert_bearer_problem, assert_problem, run_concurrently


def refresh_ok(client, token):
    r = client.refresh_raw(token)
    assert r.status_code == 200, f"refresh: {r.status_code} {r.text}"
    return r.json()


def sid(access):
    return jwt.decode(access, options={"verify_signature": False})["sid"]


def test_refresh_returns_a_new_pair(client):
    acct = client.register()
    body = refresh_ok(client, acct.refresh)
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["refresh_expires_in"] == 2592000
    assert body["refresh_token"] != acct.refresh
    assert body["access_token"] != acct.access
    assert body["user"]["id"] == acct.user["id"]
    assert sid(body["access_token"]) == sid(acct.access)
    assert client.profile(body["access_token"]).status_code == 200


def test_refresh_rotates_old_token_is_refused(client):
    acct = client.register()
    b = refresh_ok(client, acct.refresh)
    assert_problem(client.refresh_raw(acct.refresh), 401, "token_invalid")
    # the chain continues from the new token
    c = refresh_ok(client, b["refresh_token"])
    d = refresh_ok(client, c["refresh_token"])
    assert len({acct.refresh, b["refresh_token"], c["refresh_token"], d["refresh_token"]}) == 4


@pytest.mark.concurrency
def test_reuse_of_previous_token_within_grace_is_a_race_not_theft(client):
    acct = client.register()
    b = refresh_ok(client, acct.refresh)                      # A -> B
    assert_problem(client.refresh_raw(acct.refresh), 401, "token_invalid")  # A again, in grace
    assert_problem(client.refresh_raw(acct.refresh), 401, "token_invalid")  # and again
    # the session lives on: B's access token works and B refreshes
    assert client.profile(b["access_token"]).status_code == 200
    assert client.profile(acct.access).status_code == 200
    c = refresh_ok(client, b["refresh_token"])
    assert client.profile(c["access_token"]).status_code == 200


def assert_session_revoked(client, refresh_tokens, access_tokens):
    for rt in refresh_tokens:
        assert_problem(client.refresh_raw(rt), 401, "token_invalid")
    for at in access_tokens:
        assert_bearer_problem(client.profile(at), "token_invalid")


@pytest.mark.concurrency
def test_reuse_two_generations_back_is_theft_and_revokes_session(client):
    acct = client.register()
    other = client.login(acct)                              # another session of the same user
    b = refresh_ok(client, acct.refresh)                    # A -> B
    c = refresh_ok(client, b["refresh_token"])              # B -> C
    # A is not C's immediate predecessor: theft, at once
    assert_problem(client.refresh_raw(acct.refresh), 401, "token_invalid")
    assert_session_revoked(client, [c["refresh_token"]],
                           [c["access_token"], b["access_token"], acct.access])
    # the user's other sessions are not touched
    assert client.profile(other.access).status_code == 200
    refresh_ok(client, other.refresh)


def test_revoked_session_is_gone_from_the_session_list(client):
    acct = client.register()
    other = client.login(acct)
    b = refresh_ok(client, acct.refresh)
    refresh_ok(client, b["refresh_token"])
    assert client.refresh_raw(acct.refresh).status_code == 401   # theft
    ids = [s["id"] for s in client.sessions(other.access)]
    assert sid(acct.access) not in ids
    assert sid(other.access) in ids


def test_reuse_after_grace_is_theft(start_server):
    srv = start_server(env={"PORTCULLIS_REFRESH_REUSE_GRACE": "1"})
    c = srv.client
    acct = c.register()
    b = refresh_ok(c, acct.refresh)                         # A -> B
    time.sleep(2.5)                                         # past the 1 s grace
    assert_problem(c.refresh_raw(acct.refresh), 401, "token_invalid")
    assert_session_revoked(c, [b["refresh_token"]], [b["access_token"], acct.access])


def test_reuse_within_short_grace_is_still_a_race(start_server):
    srv = start_server(env={"PORTCULLIS_REFRESH_REUSE_GRACE": "5"})
    c = srv.client
    acct = c.register()
    b = refresh_ok(c, acct.refresh)
    assert_problem(c.refresh_raw(acct.refresh), 401, "token_invalid")
    refresh_ok(c, b["refresh_token"])


def test_unknown_refresh_token_is_401(client):
    r = client.refresh_raw("A" * 43)
    assert_problem(r, 401, "token_invalid")
    r = client.refresh_raw("not base64url!")
    assert r.status_code in (400, 401), r.text


def race(client, token, n):
    def fn(_i, barrier):
        s = client.new_session()
        s.get(client.base + "/health", timeout=10)   # connect before the start line
        barrier.wait()
        return s.post(client.base + "/v1/auth/refresh", json={"refresh_token": token}, timeout=30)
    return run_concurrently(fn, n)


@pytest.mark.concurrency
@pytest.mark.parametrize("threads,rounds", [(2, 20), (4, 8)])
def test_concurrent_refreshes_exactly_one_succeeds(client, threads, rounds):
    acct = client.register()
    token = acct.refresh
    for rnd in range(rounds):
        results = race(client, token, threads)
        for res in results:
            assert not isinstance(res, Exception), f"round {rnd}: {res!r}"
        codes = sorted(r.status_code for r in results)
        assert codes.count(200) == 1, f"round {rnd}: statuses {codes}: {[r.text for r in results]}"
        for r in results:
            if r.status_code != 200:
                assert_problem(r, 401, "token_invalid")
        winner = next(r for r in results if r.status_code == 200).json()
        # the losers were a client race, not theft: the session lives on
        assert client.profile(winner["access_token"]).status_code == 200, f"round {rnd}"
        token = winner["refresh_token"]
    refresh_ok(client, token)
