"""Helpers for the company suites (test_companies.py, test_invites.py, test_switch_company.py): a
module-wide SMTP sink and server, the active company a token names, and joining a company through
an invite read from the sink.

    sink, server = company_server(module_server_pool)   # module-scoped, mails through the sink
    cid = active_company(owner.access)                  # the token's cid (unverified read)
    join(client, sink, owner, cid, member, "admin")     # invite, read the mail, accept
"""

from __future__ import annotations

import jwt

from flows import link_in, query_param
from harness import unique_email
from mail_sink import MailSink


def company_server(pool, **flags):
    """A started sink and a server mailing through it (stop the sink when the module ends)."""
    sink = MailSink().start()
    env = sink.env()
    env.update({f"PORTCULLIS_{name}": str(value) for name, value in flags.items()})
    return sink, pool(env=env)


def claims_of(token):
    """The access token's claims, unverified (the suites that check signatures verify them)."""
    return jwt.decode(token, options={"verify_signature": False})


def active_company(token):
    return claims_of(token).get("cid")


def invite(client, owner, company_id, email, role="member"):
    r = client.post(f"/v1/companies/{company_id}/invites", token=owner.access,
                    json={"email": email, "role": role})
    assert r.status_code == 201, r.text
    return r.json()


def ticket_from_sink(sink, email, count=1):
    """The ticket of the `count`-th invite mailed to `email`, read from its link."""
    mail = sink.wait_for(email, count=count)
    assert "invite" in mail.subject.lower() or "join" in mail.text.lower(), mail.text
    return query_param(link_in(mail), "ticket")


def join(client, sink, owner, company_id, member, role="member"):
    """Invites member's address, reads the mail and accepts the invite as `member`."""
    before = len(sink.messages(member.email))
    invite(client, owner, company_id, member.email, role)
    ticket = ticket_from_sink(sink, member.email, count=before + 1)
    r = client.post("/v1/invites/accept", token=member.access, json={"ticket": ticket})
    assert r.status_code == 200, r.text
    return r.json()


def new_member(client, sink, owner, company_id, role="member"):
    """A new account that joined owner's company with `role` (its token still names its own
    company: it logs in again to get one, as a user would after switching)."""
    acct = client.register(unique_email(role))
    join(client, sink, owner, company_id, acct, role)
    return acct


def switch(client, acct, company_id):
    r = client.post("/v1/auth/switch-company", token=acct.access, json={"company_id": company_id})
    assert r.status_code == 200, r.text
    acct.access = r.json()["access_token"]
    return r.json()
