"""The OAuth 2.0 endpoints of service clients: POST /v1/oauth/token (RFC 6749 §4.4, errors per
§5.2, HTTP Basic with URL-encoded credentials or body credentials, never both), the tokens' claims
and signatures (PyJWT through the JWKS for ES256 and EdDSA), acting as a member (RFC 8693 `act`),
introspection (RFC 7662), revocation (RFC 7009), the RFC 8414 metadata, and that a client token
never passes for a user session."""

from __future__ import annotations

import time
import urllib.parse

import jwt
import pytest

from company_keys import claims, server, sink, world  # noqa: F401 (module fixtures)
from harness import JWT_SECRET, assert_bearer_problem
from service_clients import (INTROSPECT, REVOKE, TOKEN, access_token, assert_oauth_error, basic,
                             clients_path, introspect, make_client, perm, revoke, token)

PERMS = [perm("products", "all", "read"), perm("orders", "own", "create")]


@pytest.fixture(scope="module")
def acme(world):
    return world.company()


@pytest.fixture(scope="module")
def made(world, acme):
    return make_client(world, acme, permissions=PERMS, allow_act_as_user=True)


def test_basic_authentication_issues_a_signed_token(world, acme, made):
    before = int(time.time())
    r = token(world.client, made["client_id"], made["client_secret"])
    assert r.status_code == 200, r.text
    assert r.headers.get("Cache-Control") == "no-store"
    assert r.headers.get("Pragma") == "no-cache"
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == "orders:own:create products:all:read"  # sorted
    c = jwt.decode(body["access_token"], JWT_SECRET, algorithms=["HS256"], issuer="portcullis")
    assert c["sub"] == made["client_id"] and c["client_id"] == made["client_id"]
    assert c["cid"] == acme.id and c["scope"] == body["scope"]
    assert c["exp"] - c["iat"] == 3600 and before - 1 <= c["iat"] <= time.time() + 1
    assert "sid" not in c and "act" not in c and c["jti"]
    other = access_token(world.client, made["client_id"], made["client_secret"])
    assert claims(other)["jti"] != c["jti"]


def test_body_credentials_form_and_json(world, made):
    r = token(world.client, made["client_id"], made["client_secret"], auth="post")
    assert r.status_code == 200, r.text
    r = world.client.post(TOKEN, json={"grant_type": "client_credentials",
                                       "client_id": made["client_id"],
                                       "client_secret": made["client_secret"]})
    assert r.status_code == 200, r.text
    assert r.json()["token_type"] == "Bearer"


def test_basic_credentials_are_url_decoded(world, made):
    # Every character percent-encoded is the same secret (RFC 6749 §2.3.1 form encoding).
    encoded = "".join(f"%{b:02X}" for b in made["client_secret"].encode())
    raw = f"{made['client_id']}:{encoded}"
    header = "Basic " + __import__("base64").b64encode(raw.encode()).decode()
    r = world.client.post(TOKEN, data={"grant_type": "client_credentials"},
                          headers={"Authorization": header})
    assert r.status_code == 200, r.text
    # A wrong secret full of reserved characters is a wrong secret, not a malformed request.
    r = token(world.client, made["client_id"], "a:b%c+d&e=f/g?h#i")
    body = assert_oauth_error(r, 401, "invalid_client")
    assert r.headers["WWW-Authenticate"].startswith("Basic realm=")
    assert urllib.parse.quote_plus("a:b%c") not in str(body)


def test_both_authentication_methods_at_once_are_refused(world, made):
    r = world.client.post(TOKEN, data={"grant_type": "client_credentials",
                                       "client_id": made["client_id"],
                                       "client_secret": made["client_secret"]},
                          headers={"Authorization": basic(made["client_id"],
                                                          made["client_secret"])})
    assert_oauth_error(r, 400, "invalid_request")


def test_an_unsupported_authentication_scheme_is_invalid_client(world, made):
    r = world.client.post(TOKEN, data={"grant_type": "client_credentials"},
                          headers={"Authorization": "Bearer " + made["client_secret"]})
    assert_oauth_error(r, 401, "invalid_client")
    assert r.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_unknown_client_and_wrong_secret_answer_alike(world, made):
    unknown = token(world.client, "0" * 24, made["client_secret"])
    wrong = token(world.client, made["client_id"], made["client_secret"][:-1] + "x")
    for r in (unknown, wrong):
        assert_oauth_error(r, 401, "invalid_client")
        assert r.headers["WWW-Authenticate"].startswith("Basic realm=")
    assert unknown.json() == wrong.json()
    r = token(world.client, made["client_id"], made["client_secret"][:-1] + "x", auth="post")
    assert_oauth_error(r, 401, "invalid_client")
    # No credentials at all.
    r = world.client.post(TOKEN, data={"grant_type": "client_credentials"})
    assert_oauth_error(r, 401, "invalid_client")


def test_grant_type_errors(world, made):
    cid, secret = made["client_id"], made["client_secret"]
    r = world.client.post(TOKEN, data={}, headers={"Authorization": basic(cid, secret)})
    assert_oauth_error(r, 400, "invalid_request")
    assert_oauth_error(token(world.client, cid, secret, grant_type="password"), 400,
                       "unsupported_grant_type")
    assert_oauth_error(token(world.client, cid, secret, grant_type="authorization_code"), 400,
                       "unsupported_grant_type")
    # A repeated parameter (RFC 6749 §3.2) and a body that is neither form nor JSON.
    r = world.client.post(TOKEN, data="grant_type=client_credentials&grant_type=client_credentials",
                          headers={"Authorization": basic(cid, secret),
                                   "Content-Type": "application/x-www-form-urlencoded"})
    assert_oauth_error(r, 400, "invalid_request")
    r = world.client.post(TOKEN, data="grant_type=client_credentials",
                          headers={"Authorization": basic(cid, secret),
                                   "Content-Type": "text/plain"})
    assert_oauth_error(r, 400, "invalid_request")
    r = world.client.post(TOKEN, data={"grant_type": "client_credentials"},
                          headers={"Authorization": "Basic !!not-base64"})
    assert_oauth_error(r, 400, "invalid_request")


def test_scope_narrows_and_an_unheld_scope_is_invalid_scope(world, made):
    cid, secret = made["client_id"], made["client_secret"]
    r = token(world.client, cid, secret, scope="orders:own:create")
    assert r.status_code == 200, r.text
    assert r.json()["scope"] == "orders:own:create"
    assert claims(r.json()["access_token"])["scope"] == "orders:own:create"
    assert_oauth_error(token(world.client, cid, secret, scope="orders:own:delete"), 400,
                       "invalid_scope")
    assert_oauth_error(token(world.client, cid, secret, scope="products:all:read admin"), 400,
                       "invalid_scope")


def test_a_client_token_is_no_user_session(world, acme, made):
    tok = access_token(world.client, made["client_id"], made["client_secret"])
    assert_bearer_problem(world.client.profile(tok), "token_invalid")
    assert_bearer_problem(world.client.get("/v1/me/sessions", token=tok), "token_invalid")
    r = world.client.get(clients_path(acme.id), token=tok)
    assert r.status_code == 401, r.text


def test_act_as_a_member(world, acme, made):
    user_id = acme.member.user["id"]
    r = token(world.client, made["client_id"], made["client_secret"], user_id=user_id)
    assert r.status_code == 200, r.text
    c = claims(r.json()["access_token"])
    assert c["sub"] == user_id and c["act"] == {"sub": made["client_id"]}
    assert c["client_id"] == made["client_id"] and c["cid"] == acme.id and "sid" not in c
    info = introspect(world.client, made["client_id"], made["client_secret"],
                      r.json()["access_token"])
    assert info["active"] is True and info["sub"] == user_id
    assert info["act"] == {"sub": made["client_id"]}


def test_act_as_refused(world, acme, made):
    # Not a member of the client's company (another company's owner), or no account at all.
    stranger = world.client.register()
    for user_id in (stranger.user["id"], "00000000-0000-4000-8000-000000000000", ""):
        r = token(world.client, made["client_id"], made["client_secret"], user_id=user_id)
        assert_oauth_error(r, 400, "invalid_request")
    # A client without allow_act_as_user.
    plain = make_client(world, acme)
    r = token(world.client, plain["client_id"], plain["client_secret"],
              user_id=acme.member.user["id"])
    assert_oauth_error(r, 400, "unauthorized_client")


def test_introspection_of_live_malformed_and_foreign_tokens(world, acme, made):
    cid, secret = made["client_id"], made["client_secret"]
    tok = access_token(world.client, cid, secret)
    info = introspect(world.client, cid, secret, tok)
    c = claims(tok)
    assert info["active"] is True and info["client_id"] == cid and info["sub"] == cid
    assert info["scope"] == c["scope"] and info["exp"] == c["exp"] and info["iat"] == c["iat"]
    assert info["token_type"] == "Bearer" and info["iss"] == "portcullis"
    # Another client of the same company may introspect it.
    sibling = make_client(world, acme)
    assert introspect(world.client, sibling["client_id"], sibling["client_secret"],
                      tok)["active"] is True
    # A client of another company learns nothing.
    other = world.company()
    foreign = make_client(world, other)
    assert introspect(world.client, foreign["client_id"], foreign["client_secret"], tok) == {
        "active": False}
    for junk in ("", "x", tok[:-3] + "abc", acme.owner.access):
        assert introspect(world.client, cid, secret, junk) == {"active": False}
    # Introspection is for authenticated clients only.
    r = world.client.post(INTROSPECT, data={"token": tok})
    assert_oauth_error(r, 401, "invalid_client")
    r = world.client.post(INTROSPECT, data={}, headers={"Authorization": basic(cid, secret)})
    assert_oauth_error(r, 400, "invalid_request")


def test_introspection_of_a_disabled_clients_token(world, acme):
    made = make_client(world, acme)
    watcher = make_client(world, acme)
    tok = access_token(world.client, made["client_id"], made["client_secret"])
    r = world.client.patch(clients_path(acme.id, made["client_id"]), token=acme.owner.access,
                           json={"disabled": True})
    assert r.status_code == 200, r.text
    assert introspect(world.client, watcher["client_id"], watcher["client_secret"], tok) == {
        "active": False}


def test_revocation(world, acme, made):
    cid, secret = made["client_id"], made["client_secret"]
    tok = access_token(world.client, cid, secret)
    # Unknown and malformed tokens: 200, nothing said (RFC 7009 §2.2).
    for junk in ("unknown", tok[:-3] + "abc"):
        r = revoke(world.client, cid, secret, junk)
        assert r.status_code == 200, r.text
        assert r.headers.get("Cache-Control") == "no-store"
    # Another client of the company cannot revoke it.
    sibling = make_client(world, acme)
    assert revoke(world.client, sibling["client_id"], sibling["client_secret"],
                  tok).status_code == 200
    assert introspect(world.client, cid, secret, tok)["active"] is True
    r = revoke(world.client, cid, secret, tok, token_type_hint="access_token")
    assert r.status_code == 200, r.text
    assert introspect(world.client, cid, secret, tok) == {"active": False}
    assert revoke(world.client, cid, secret, tok).status_code == 200  # twice is fine
    # Revocation needs the client's own credentials.
    assert_oauth_error(world.client.post(REVOKE, data={"token": tok}), 401, "invalid_client")
    # A new token of the same client is unaffected.
    assert introspect(world.client, cid, secret,
                      access_token(world.client, cid, secret))["active"] is True


def test_metadata(world):
    r = world.client.get("/.well-known/oauth-authorization-server")
    assert r.status_code == 200, r.text
    m = r.json()
    base = world.server.url
    assert m["issuer"] == "portcullis"
    assert m["token_endpoint"] == base + TOKEN
    assert m["introspection_endpoint"] == base + INTROSPECT
    assert m["revocation_endpoint"] == base + REVOKE
    assert m["jwks_uri"] == base + "/.well-known/jwks.json"
    assert m["grant_types_supported"] == ["client_credentials"]
    assert set(m["token_endpoint_auth_methods_supported"]) == {"client_secret_basic",
                                                               "client_secret_post"}


def test_expired_token_is_inactive(start_server):
    srv = start_server(env={"PORTCULLIS_CLIENT_TOKEN_TTL": "1", "PORTCULLIS_TOKEN_LEEWAY": "0"})
    owner = srv.client.register()
    cid = claims(owner.access)["cid"]
    r = srv.client.post(clients_path(cid), token=owner.access, json={"name": "short"})
    assert r.status_code == 201, r.text
    made = r.json()
    r = token(srv.client, made["client_id"], made["client_secret"])
    assert r.status_code == 200 and r.json()["expires_in"] == 1, r.text
    tok = r.json()["access_token"]
    time.sleep(2.2)
    assert introspect(srv.client, made["client_id"], made["client_secret"], tok) == {
        "active": False}


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_tokens_verify_through_the_jwks(start_server, alg):
    srv = start_server(env={"PORTCULLIS_JWT_ALG": alg}, secret=None)
    owner = srv.client.register()
    cid = jwt.decode(owner.access, options={"verify_signature": False})["cid"]
    r = srv.client.post(clients_path(cid), token=owner.access, json={"name": "jwks"})
    assert r.status_code == 201, r.text
    made = r.json()
    tok = access_token(srv.client, made["client_id"], made["client_secret"])
    assert jwt.get_unverified_header(tok)["alg"] == alg
    jwks = jwt.PyJWKClient(srv.url + "/.well-known/jwks.json")
    key = jwks.get_signing_key_from_jwt(tok).key
    c = jwt.decode(tok, key, algorithms=[alg], issuer="portcullis",
                   options={"require": ["iss", "sub", "jti", "iat", "exp"]})
    assert c["sub"] == made["client_id"] and c["cid"] == cid
    meta = srv.client.get("/.well-known/oauth-authorization-server").json()
    assert meta["access_token_signing_alg_values_supported"] == [alg]
    assert_bearer_problem(srv.client.profile(tok), "token_invalid")
