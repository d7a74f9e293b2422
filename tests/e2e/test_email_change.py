"""Email change (step-up): without verify_emails the address changes at once (200); with it, 202,
a confirmation to the new address, a notice to the old one, and the link (or POST confirm) makes
the change; a taken address is 409; afterwards every other session is revoked."""

from __future__ import annotations

import time

from flows import flow_server, follow, link_in, query_param
from harness import assert_problem, unique_email


def change(client, acct, new_email):
    return client.post("/v1/me/email", token=acct.access, json={"new_email": new_email})


def test_without_verification_the_change_is_immediate(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    client = server.client
    acct = client.register()
    other = client.login(acct)
    new_email = unique_email("moved")
    r = change(client, acct, new_email.upper())
    assert r.status_code == 200, r.text
    assert r.json()["email"] == new_email
    assert client.profile(acct.access).status_code == 200
    assert client.profile(other.access).status_code == 401
    assert client.login_raw(email=new_email).status_code == 200


def test_with_verification_the_link_confirms(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, VERIFY_EMAILS="true")
    client = server.client
    acct = client.register()
    other = client.login(acct)
    new_email = unique_email("moved")
    r = change(client, acct, new_email)
    assert r.status_code == 202, r.text
    confirmation = mail_sink.wait_for(new_email)
    notice = mail_sink.wait_for(acct.email)
    assert new_email in notice.text
    assert "/v1/me/email/confirm" not in notice.text
    assert client.login_raw(email=acct.email).status_code == 200  # not changed yet
    link = link_in(confirmation)
    assert link.startswith(server.url + "/v1/me/email/confirm?ticket=")
    r = follow(server, link)
    assert r.status_code == 200, r.text  # no redirect_url_success: the built-in page
    assert client.login_raw(email=new_email).status_code == 200
    assert client.profile(acct.access).status_code == 200
    assert client.profile(other.access).status_code == 401
    assert_problem(client.post("/v1/me/email/confirm",
                               json={"ticket": query_param(link, "ticket")}), 400, "invalid_ticket")


def test_a_taken_address_is_a_conflict(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, VERIFY_EMAILS="true")
    client = server.client
    acct, other = client.register(), client.register()
    assert_problem(change(client, acct, other.email), 409, field="new_email")


def test_a_stale_session_must_step_up(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, AUTH__STEP_UP_WINDOW="1")
    client = server.client
    acct = client.register()
    time.sleep(2.1)
    assert_problem(change(client, acct, unique_email()), 403, "step_up_required")
