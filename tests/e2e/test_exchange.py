"""Exchange codes: the one-time `code` a link's redirect carries becomes a token pair once, within
60 s; when the flow began with a PKCE code_challenge (S256), only the matching code_verifier
redeems it — a wrong or missing verifier is refused and spends the code."""

from __future__ import annotations

from flows import APP, flow_server, follow, link_in, pkce_pair, query_param
from harness import assert_problem

MAGIC = {"MAGIC_LINK_ENABLED": "true"}


def code_for(server, mail_sink, email, challenge=None):
    body = {"email": email, "redirect_to": APP}
    if challenge:
        body["code_challenge"] = challenge
        body["code_challenge_method"] = "S256"
    # Counted before the request: the mail may arrive before the answer is read.
    count = len(mail_sink.messages(email)) + 1
    assert server.client.post("/v1/auth/magic-link", json=body).status_code == 202
    r = follow(server, link_in(mail_sink.wait_for(email, count=count)))
    assert r.status_code == 302, r.text
    assert r.headers["Location"].startswith(APP + "?code=")
    return query_param(r.headers["Location"], "code")


def test_a_code_is_used_once(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, **MAGIC)
    acct = server.client.register()
    code = code_for(server, mail_sink, acct.email)
    r = server.client.post("/v1/auth/exchange", json={"code": code})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == acct.user["id"]
    assert_problem(server.client.post("/v1/auth/exchange", json={"code": code}), 400,
                   "invalid_ticket", field="code")


def test_pkce_wrong_or_missing_verifier_is_refused(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, **MAGIC)
    acct = server.client.register()
    verifier, challenge = pkce_pair()

    code = code_for(server, mail_sink, acct.email, challenge)
    assert_problem(server.client.post("/v1/auth/exchange", json={"code": code}), 400,
                   field="code_verifier")
    code = code_for(server, mail_sink, acct.email, challenge)
    wrong, _ = pkce_pair()
    assert_problem(server.client.post("/v1/auth/exchange",
                                      json={"code": code, "code_verifier": wrong}),
                   400, field="code_verifier")
    # The wrong verifier spent the code.
    assert_problem(server.client.post("/v1/auth/exchange",
                                      json={"code": code, "code_verifier": verifier}),
                   400, "invalid_ticket")
    code = code_for(server, mail_sink, acct.email, challenge)
    r = server.client.post("/v1/auth/exchange", json={"code": code, "code_verifier": verifier})
    assert r.status_code == 200, r.text


def test_a_malformed_challenge_is_refused(start_server, mail_sink):
    server = flow_server(start_server, mail_sink, **MAGIC)
    acct = server.client.register()
    r = server.client.post("/v1/auth/magic-link",
                           json={"email": acct.email, "code_challenge": "short"})
    assert_problem(r, 400)
    r = server.client.post("/v1/auth/magic-link",
                           json={"email": acct.email, "code_challenge": pkce_pair()[1],
                                 "code_challenge_method": "plain"})
    assert_problem(r, 400, field="code_challenge_method")
