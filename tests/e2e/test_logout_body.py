"""Logout with a body: {refresh_token} revokes that token's session when it is the caller's (or,
without a Bearer token, the token's own session); {all: true} revokes every session."""

from __future__ import annotations

from harness import assert_problem


def test_refresh_token_in_the_body(server, client):
    acct = client.register()
    second = client.login(acct)
    r = client.post("/v1/auth/logout", token=acct.access, json={"refresh_token": second.refresh})
    assert r.status_code == 204, r.text
    assert client.profile(second.access).status_code == 401
    assert client.profile(acct.access).status_code == 200
    # Without a Bearer token, the refresh token is the credential.
    r = client.post("/v1/auth/logout", json={"refresh_token": acct.refresh})
    assert r.status_code == 204, r.text
    assert client.profile(acct.access).status_code == 401


def test_another_users_refresh_token_is_refused(server, client):
    alice, bob = client.register(), client.register()
    r = client.post("/v1/auth/logout", token=alice.access, json={"refresh_token": bob.refresh})
    assert_problem(r, 401)
    assert client.profile(bob.access).status_code == 200


def test_all(server, client):
    acct = client.register()
    sessions = [acct] + [client.login(acct) for _ in range(2)]
    r = client.post("/v1/auth/logout", token=acct.access, json={"all": True})
    assert r.status_code == 204, r.text
    for session in sessions:
        assert client.profile(session.access).status_code == 401
