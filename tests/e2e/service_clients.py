"""Helpers for the service-client and OAuth 2.0 suites: making a client through the company routes
and calling the token, introspection and revocation endpoints.

    made = make_client(world, acme, permissions=[perm("products", "all", "read")])
    r = token(client, made["client_id"], made["client_secret"])           # HTTP Basic
    r = token(client, cid, secret, auth="post", scope="products:all:read")  # body credentials
"""

from __future__ import annotations

import base64
import urllib.parse

TOKEN = "/v1/oauth/token"
INTROSPECT = "/v1/oauth/introspect"
REVOKE = "/v1/oauth/revoke"


def perm(feature, scope, action):
    return {"feature": feature, "scope": scope, "action": action}


def clients_path(company_id, *rest):
    return "/".join([f"/v1/companies/{company_id}/clients", *rest])


def make_client(world, company, by=None, **body):
    body.setdefault("name", "billing sync")
    r = world.client.post(clients_path(company.id), token=(by or company.owner).access, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def basic(client_id, secret):
    """RFC 6749 §2.3.1: id and secret form-encoded, then joined and base64-encoded."""
    raw = f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(secret)}"
    return "Basic " + base64.b64encode(raw.encode()).decode()


def oauth_post(client, path, client_id, secret, auth="basic", **params):
    headers = {}
    data = dict(params)
    if auth == "basic":
        headers["Authorization"] = basic(client_id, secret)
    elif auth == "post":
        data.update(client_id=client_id, client_secret=secret)
    return client.post(path, data=data, headers=headers)


def token(client, client_id, secret, auth="basic", **params):
    params.setdefault("grant_type", "client_credentials")
    return oauth_post(client, TOKEN, client_id, secret, auth, **params)


def access_token(client, client_id, secret, **params):
    r = token(client, client_id, secret, **params)
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def introspect(client, client_id, secret, tok, **params):
    r = oauth_post(client, INTROSPECT, client_id, secret, token=tok, **params)
    assert r.status_code == 200, r.text
    return r.json()


def revoke(client, client_id, secret, tok, **params):
    return oauth_post(client, REVOKE, client_id, secret, token=tok, **params)


def assert_oauth_error(r, status, error):
    """An RFC 6749 §5.2 error: a JSON object with `error` (and a description), never cached."""
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].split(";")[0] == "application/json", r.headers
    body = r.json()
    assert body["error"] == error, body
    assert isinstance(body.get("error_description", ""), str)
    assert "type" not in body and "title" not in body, body  # not problem JSON
    assert r.headers.get("Cache-Control") == "no-store"
    assert r.headers.get("Pragma") == "no-cache"
    return body
