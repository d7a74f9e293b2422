"""Activation (auto_activate_new_users = false): registration answers 201 with the user and no
tokens and mails a link; login is 403 account_inactive until the link is used; the link (GET) ends
in a redirect with a one-time code, the ticket (POST) gives a token pair; resend answers 202 for
every address; used, superseded and expired tickets are refused; with verify_emails a taken
address is answered like a new registration and its owner is told."""

from __future__ import annotations

import time

from flows import APP, flow_server, follow, link_in, no_mail_for, query_param
from harness import assert_problem, unique_email

INACTIVE = {"AUTO_ACTIVATE_NEW_USERS": "false"}


def test_register_then_follow_the_link_then_exchange_the_code(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, **INACTIVE)
    client = server.client
    email = unique_email("act")
    r = client.register_raw(email, display_name="Ann")
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"user"}, body
    assert body["user"]["email"] == email

    assert_problem(client.login_raw(email=email), 403, "account_inactive")
    mail = mail_sink.wait_for(email)
    assert "Ann" in mail.text
    link = link_in(mail)
    assert link.startswith(server.url + "/v1/auth/activate?ticket=")

    r = follow(server, link, redirect_to=APP + "/done")
    assert r.status_code == 302, r.text
    location = r.headers["Location"]
    assert location.startswith(APP + "/done?code="), location
    r = client.post("/v1/auth/exchange", json={"code": query_param(location, "code")})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["email"] == email
    assert client.login_raw(email=email).status_code == 200
    # The link is used: following it again ends in the problem answer.
    assert_problem(follow(server, link), 400, "invalid_ticket", field="ticket")


def test_post_the_ticket_for_a_token_pair_once(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, **INACTIVE)
    email = unique_email("act")
    server.client.register_raw(email)
    ticket = query_param(link_in(mail_sink.wait_for(email)), "ticket")
    r = server.client.post("/v1/auth/activate", json={"ticket": ticket})
    assert r.status_code == 200, r.text
    assert r.json()["access_token"] and r.json()["refresh_token"]
    assert_problem(server.client.post("/v1/auth/activate", json={"ticket": ticket}), 400,
                   "invalid_ticket", field="ticket")


def test_resend_supersedes_and_answers_unknown_addresses_alike(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, **INACTIVE)
    client = server.client
    email = unique_email("act")
    client.register_raw(email)
    first = query_param(link_in(mail_sink.wait_for(email)), "ticket")
    known = client.post("/v1/auth/activate/resend", json={"email": email})
    unknown = client.post("/v1/auth/activate/resend", json={"email": unique_email("nobody")})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    second = query_param(link_in(mail_sink.wait_for(email, count=2)), "ticket")
    assert_problem(client.post("/v1/auth/activate", json={"ticket": first}), 400, "invalid_ticket")
    assert client.post("/v1/auth/activate", json={"ticket": second}).status_code == 200


def test_an_expired_link_is_refused(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, ACTIVATION_TTL="1", **INACTIVE)
    email = unique_email("act")
    server.client.register_raw(email)
    ticket = query_param(link_in(mail_sink.wait_for(email)), "ticket")
    time.sleep(2.1)
    assert_problem(server.client.post("/v1/auth/activate", json={"ticket": ticket}), 400,
                   "invalid_ticket")
    assert_problem(server.client.login_raw(email=email), 403, "account_inactive")


def test_a_taken_address_is_answered_like_a_new_one_and_its_owner_told(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, VERIFY_EMAILS="true", **INACTIVE)
    client = server.client
    email = unique_email("owner")
    first = client.register_raw(email, display_name="Owner")
    mail_sink.wait_for(email)
    second = client.register_raw(email, password="another password 123", display_name="Owner")
    assert first.status_code == second.status_code == 201
    a, b = first.json(), second.json()
    assert set(a) == set(b) == {"user"}
    assert set(a["user"]) == set(b["user"])
    assert a["user"]["email"] == b["user"]["email"]
    notice = mail_sink.wait_for(email, count=2)
    assert notice.subject.startswith("Someone tried to register"), notice.subject
    assert "/v1/auth/activate" not in notice.text
    # The account is the first one: the second password does not log in, the first one is
    # still waiting for its activation.
    assert_problem(client.login_raw("another password 123", email=email), 401)
    assert_problem(client.login_raw(email=email), 403, "account_inactive")


def test_redirect_to_outside_the_allowed_list_is_refused_before_the_ticket_is_spent(
        start_server, mail_sink):
    server = flow_server(start_server, mail_sink, **INACTIVE)
    email = unique_email("act")
    server.client.register_raw(email)
    link = link_in(mail_sink.wait_for(email))
    for evil in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                 APP.replace("https://", "https://good@")):
        assert_problem(follow(server, link, redirect_to=evil), 400, "invalid_request",
                       field="redirect_to")
    assert follow(server, link, redirect_to=APP).status_code == 302


def test_no_ticket_in_the_log(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, LOG__ACCESS="true", **INACTIVE)
    email = unique_email("act")
    server.client.register_raw(email)
    link = link_in(mail_sink.wait_for(email))
    ticket = query_param(link, "ticket")
    r = follow(server, link, redirect_to=APP)
    code = query_param(r.headers["Location"], "code")
    server.client.post("/v1/auth/exchange", json={"code": code})
    time.sleep(0.3)
    log = server.read_log()
    assert "/v1/auth/activate" in log or "activate" in log
    assert ticket not in log and code not in log


def test_without_the_flag_accounts_are_active_at_once(start_server, mail_sink):
    server = flow_server(start_server, mail_sink)
    email = unique_email("act")
    r = server.client.register_raw(email)
    assert r.status_code == 201 and r.json()["access_token"]
    assert server.client.post("/v1/auth/activate", json={"ticket": "x"}).status_code == 404
    assert no_mail_for(mail_sink, email)
