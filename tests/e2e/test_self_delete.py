"""Self-deletion (allow_user_self_delete, step-up): DELETE /v1/me answers 204; the account, its
sessions and its tickets are gone, the address is free again and a notice is mailed to it."""

from __future__ import annotations

import time

from flows import flow_server, link_in, query_param
from harness import assert_problem


def test_delete_me(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, ALLOW_USER_SELF_DELETE="true")
    client = server.client
    acct = client.register()
    other = client.login(acct)
    client.post("/v1/auth/password/forgot", json={"email": acct.email})
    ticket = query_param(link_in(mail_sink.wait_for(acct.email)), "ticket")

    r = client.delete("/v1/me", token=acct.access)
    assert r.status_code == 204, r.text
    for session in (acct, other):
        assert client.profile(session.access).status_code == 401
        assert client.refresh_raw(session.refresh).status_code == 401
    assert_problem(client.login_raw(email=acct.email), 401)
    assert_problem(client.post("/v1/auth/password/reset",
                               json={"ticket": ticket, "new_password": "a new passphrase 1"}),
                   400, "invalid_ticket")
    notice = mail_sink.wait_for(acct.email, count=2)
    assert "deleted" in (notice.subject + notice.text).lower()
    assert client.register_raw(acct.email).status_code == 201


def test_a_stale_session_must_step_up(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, ALLOW_USER_SELF_DELETE="true",
                         AUTH__STEP_UP_WINDOW="1")
    acct = server.client.register()
    time.sleep(2.1)
    assert_problem(server.client.delete("/v1/me", token=acct.access), 403, "step_up_required")
    assert server.client.profile(acct.access).status_code == 200


def test_off_without_the_flag(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    acct = server.client.register()
    assert server.client.delete("/v1/me", token=acct.access).status_code in (404, 405)
    assert server.client.profile(acct.access).status_code == 200
