"""Helpers for the API-key, personal-token and permission suites: a module server that mails
through its own SMTP sink (invites are mailed), a company with an owner, an admin and a member
(joined by invite), a fresh API key and personal token, and the requests each principal makes.

    world = Companies(server, sink)
    acme = world.company()              # .id, .owner / .admin / .member (Accounts)
    key = world.api_key(acme)           # {"id", "key", ...} as POST .../api-keys answered
    world.actions(acme.member.access, "products", "all")  # ["read", ...]
"""

from __future__ import annotations

import time

import jwt
import pytest

from flows import link_in, query_param
from harness import JWT_SECRET, unique_email
from mail_sink import MailSink


def claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"])


@pytest.fixture(scope="module")
def sink():
    s = MailSink().start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def server(module_server_pool, sink):
    return module_server_pool(env=sink.env(PORTCULLIS_CREDENTIAL_USE_FLUSH_INTERVAL="1"))


@pytest.fixture(scope="module")
def world(server, sink):
    return Companies(server, sink)


class Company:
    def __init__(self, id_, owner, admin, member):
        self.id = id_
        self.owner = owner
        self.admin = admin
        self.member = member

    def by_role(self, role):
        return {"owner": self.owner, "admin": self.admin, "member": self.member}[role]


class Companies:
    def __init__(self, server, sink):
        self.server = server
        self.client = server.client
        self.sink = sink

    def company(self) -> Company:
        """A new company: its founder (owner), and an admin and a member who joined by invite."""
        owner = self.client.register()
        cid = claims(owner.access)["cid"]
        joined = {}
        for role in ("admin", "member"):
            email = unique_email(role)
            r = self.client.post(f"/v1/companies/{cid}/invites", token=owner.access,
                                 json={"email": email, "role": role})
            assert r.status_code == 201, r.text
            ticket = query_param(link_in(self.sink.wait_for(email)), "ticket")
            joined[role] = self.client.register(email, invite=ticket)
            assert claims(joined[role].access)["cid"] == cid
        return Company(cid, owner, joined["admin"], joined["member"])

    def api_key(self, company: Company, **body):
        body.setdefault("name", "ci")
        r = self.client.post(f"/v1/companies/{company.id}/api-keys", token=company.owner.access,
                             json=body)
        assert r.status_code == 201, r.text
        return r.json()

    def token(self, acct, permissions, expires_in=3600, name="cli"):
        r = self.client.post("/v1/me/tokens", token=acct.access,
                             json={"name": name, "expires_at": int(time.time()) + expires_in,
                                   "permissions": permissions})
        assert r.status_code == 201, r.text
        return r.json()

    def grant(self, company: Company, subject_type, subject_id, feature, scope, action,
              by=None):
        r = self.client.post(f"/v1/companies/{company.id}/permissions/grants",
                             token=(by or company.owner).access,
                             json={"subject": {"type": subject_type, "id": subject_id},
                                   "feature": feature, "scope": scope, "action": action})
        assert r.status_code == 201, r.text
        return r.json()

    def actions_raw(self, credential, feature, scope, header="Authorization"):
        value = f"Bearer {credential}" if header == "Authorization" else credential
        return self.client.get("/v1/permissions/actions",
                               params={"feature": feature, "scope": scope},
                               headers={header: value})

    def actions(self, credential, feature, scope, header="Authorization"):
        r = self.actions_raw(credential, feature, scope, header)
        assert r.status_code == 200, r.text
        return r.json()["actions"]
