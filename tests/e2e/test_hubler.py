"""The Hubler dialect (document 001_f16eabd8c109dc48.txt, docs/dialects/hubler.md): POST
/public-api/auth/ {account, secret, user_id?} → 200 {status, token}, the document's example payload
verbatim, and every row of its error table with its message character for character — including
the rows Portcullis answers in its own way and the server-side rows (a database outage → 503 "Error in validating account while
generating token!"). The token is the client token POST /v1/oauth/token issues."""

from __future__ import annotations

import json
import os
import subprocess

import jwt
import pytest

from company_keys import sink, world  # noqa: F401 (module fixtures)
from harness import JWT_SECRET, REPO
from service_clients import introspect, make_client, perm, token

AUTH = "/public-api/auth/"
DOCUMENT = REPO.parent / "shared" / "seeds" / "001_f16eabd8c109dc48.txt"

# The error table's messages, verbatim (the curly apostrophes and final periods as written).
MISSING_ACCOUNT = ('The request is missing an "accountid" so the server can\u2019t proceed with '
                   "the request. This may also be returned if the request includes an unsupported "
                   "parameter or repeats a parameter")
MISSING_SECRET = ('The request is missing a "secret" so the server can\u2019t proceed with the '
                  "request. This may also be returned if the request includes an unsupported "
                  "parameter or repeats a parameter.")
AUTHENTICATION_FAILED = ("User authentication failed, such as if the request contains an invalid "
                         "account or secret. Send an HTTP 401 response in this case.")
NOT_OBJECT_ID = "The account must be object id."
NOT_STR = "The secret must be str"
ACCOUNT_NOT_FOUND = "The account not found!"
ERROR_VALIDATING = "Error in validating account while generating token!"
TABLE = [("Validation", MISSING_ACCOUNT), ("Validation", MISSING_SECRET),
         ("Validation", AUTHENTICATION_FAILED), ("Validation", NOT_OBJECT_ID),
         ("Validation", NOT_STR), ("Validation", ACCOUNT_NOT_FOUND), ("Error", ERROR_VALIDATING),
         ("Error", "Error in preparing token payload!"), ("Error", "Error in encoding token!"),
         ("Error", "Error in storing secret!"), ("Error", "Error in storing secret!"),
         ("Error", "Error in generating auth token!")]
# Portcullis's own rows where the table is silent (docs/dialects/hubler.md).
USER_ID_MALFORMED = "The user_id must be object id or uuid."
USER_NOT_FOUND = "The user not found!"
ACT_AS_REFUSED = "The account may not generate user-specific tokens."


@pytest.fixture(scope="module")
def server(module_server_pool, sink):  # noqa: F811 (company_keys' server, same env)
    return module_server_pool(env=sink.env())


@pytest.fixture(scope="module")
def acme(world):  # noqa: F811
    return world.company()


@pytest.fixture(scope="module")
def made(world, acme):  # noqa: F811
    return make_client(world, acme, permissions=[perm("products", "all", "read")],
                       allow_act_as_user=True)


def hubler(client, body=None, *, raw=None, path=AUTH, headers=None):
    if raw is not None:
        h = {"Content-Type": "application/json", **(headers or {})}
        return client.post(path, data=raw.encode(), headers=h)
    return client.post(path, json=body, headers=headers)


def assert_hubler_error(r, status, error, description):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].split(";")[0] == "application/json", r.headers
    assert r.json() == {"error": error, "error_description": description}
    assert r.headers.get("Cache-Control") == "no-store"


def assert_token(r, made, acme):
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"status", "token"} and body["status"] == "success", body
    assert r.headers.get("Cache-Control") == "no-store"
    c = jwt.decode(body["token"], JWT_SECRET, algorithms=["HS256"], issuer="portcullis")
    assert c["client_id"] == made["client_id"] and c["cid"] == acme.id
    assert c["scope"] == "products:all:read"
    return c


# --- the document's example and the successful answer


def test_the_documents_example_payload_verbatim(world):  # noqa: F811
    # The example account is printed with a space inside ("5723073937d63a18396a 1bae"): sent as
    # written it is no ObjectId; without the space it is one no client has.
    r = hubler(world.client, {"account": "5723073937d63a18396a 1bae", "secret": "hubble"})
    assert_hubler_error(r, 400, "Validation", NOT_OBJECT_ID)
    r = hubler(world.client, {"account": "5723073937d63a18396a1bae", "secret": "hubble"})
    assert_hubler_error(r, 400, "Validation", ACCOUNT_NOT_FOUND)


def test_account_and_secret_give_the_client_token(world, acme, made):  # noqa: F811
    r = hubler(world.client, {"account": made["client_id"], "secret": made["client_secret"]})
    c = assert_token(r, made, acme)
    assert c["sub"] == made["client_id"] and "act" not in c
    # The very token POST /v1/oauth/token issues: same claims, and live where client tokens are
    # checked (introspection by the client).
    native = token(world.client, made["client_id"], made["client_secret"])
    assert native.status_code == 200, native.text
    assert set(jwt.decode(native.json()["access_token"], options={"verify_signature": False})) \
        == set(c)
    info = introspect(world.client, made["client_id"], made["client_secret"], r.json()["token"])
    assert info["active"] is True and info["client_id"] == made["client_id"]


def test_the_path_without_the_trailing_slash_and_an_upper_case_account(world, acme, made):  # noqa: F811,E501
    r = hubler(world.client, {"account": made["client_id"], "secret": made["client_secret"]},
               path="/public-api/auth")
    assert_token(r, made, acme)
    r = hubler(world.client, {"account": made["client_id"].upper(),
                              "secret": made["client_secret"]})
    assert_token(r, made, acme)


def test_user_id_gives_a_user_specific_token(world, acme, made):  # noqa: F811
    user_id = acme.member.user["id"]
    r = hubler(world.client, {"account": made["client_id"], "secret": made["client_secret"],
                              "user_id": user_id})
    c = assert_token(r, made, acme)
    assert c["sub"] == user_id and c["act"] == {"sub": made["client_id"]}
    # null or "" is no user_id.
    for empty in (None, ""):
        r = hubler(world.client, {"account": made["client_id"], "secret": made["client_secret"],
                                  "user_id": empty})
        assert assert_token(r, made, acme)["sub"] == made["client_id"]


def test_user_id_outside_the_company_malformed_or_not_allowed(world, acme, made):  # noqa: F811
    stranger = world.client.register()
    for user_id in (stranger.user["id"], "00000000-0000-4000-8000-000000000000",
                    "5723073937d63a18396a1bae"):
        r = hubler(world.client, {"account": made["client_id"], "secret": made["client_secret"],
                                  "user_id": user_id})
        assert_hubler_error(r, 400, "Validation", USER_NOT_FOUND)
    for user_id in ("alice", 42, ["x"]):
        r = hubler(world.client, {"account": made["client_id"], "secret": made["client_secret"],
                                  "user_id": user_id})
        assert_hubler_error(r, 400, "Validation", USER_ID_MALFORMED)
    plain = make_client(world, acme)
    r = hubler(world.client, {"account": plain["client_id"], "secret": plain["client_secret"],
                              "user_id": acme.member.user["id"]})
    assert_hubler_error(r, 400, "Validation", ACT_AS_REFUSED)


# --- the error table, row by row


def test_row_missing_accountid(world, made):  # noqa: F811
    for body in ({"secret": "hubble"}, {"account": "", "secret": "hubble"},
                 {"account": None, "secret": "hubble"}, {}):
        assert_hubler_error(hubler(world.client, body), 400, "Validation", MISSING_ACCOUNT)
    # "...if the request includes an unsupported parameter or repeats a parameter".
    r = hubler(world.client, {"account": made["client_id"], "secret": made["client_secret"],
                              "grant_type": "client_credentials"})
    assert_hubler_error(r, 400, "Validation", MISSING_ACCOUNT)
    cid = made["client_id"]
    raw = f'{{"account":"{cid}","account":"{cid}","secret":"{made["client_secret"]}"}}'
    assert_hubler_error(hubler(world.client, raw=raw), 400, "Validation", MISSING_ACCOUNT)
    # The first and the last account differ: neither is taken.
    raw = f'{{"account":"5723073937d63a18396a1bae","account":"{cid}","secret":"{made["client_secret"]}"}}'  # noqa: E501
    assert_hubler_error(hubler(world.client, raw=raw), 400, "Validation", MISSING_ACCOUNT)


def test_row_missing_secret(world, made):  # noqa: F811
    cid = made["client_id"]
    for body in ({"account": cid}, {"account": cid, "secret": ""}, {"account": cid, "secret": None}):
        assert_hubler_error(hubler(world.client, body), 400, "Validation", MISSING_SECRET)
    raw = f'{{"account":"{cid}","secret":"wrong","secret":"{made["client_secret"]}"}}'
    assert_hubler_error(hubler(world.client, raw=raw), 400, "Validation", MISSING_SECRET)


def test_row_authentication_failed_is_401(world, acme, made):  # noqa: F811
    r = hubler(world.client, {"account": made["client_id"], "secret": "hubble"})
    assert_hubler_error(r, 401, "Validation", AUTHENTICATION_FAILED)
    assert "hubble" not in r.text
    # A disabled client is refused alike.
    other = make_client(world, acme)
    patched = world.client.patch(f"/v1/companies/{acme.id}/clients/{other['client_id']}",
                                 token=acme.owner.access, json={"disabled": True})
    assert patched.status_code == 200, patched.text
    r = hubler(world.client, {"account": other["client_id"], "secret": other["client_secret"]})
    assert_hubler_error(r, 401, "Validation", AUTHENTICATION_FAILED)


def test_row_account_must_be_object_id(world):  # noqa: F811
    for account in ("hubble", "5723073937d63a18396a1ba", "5723073937d63a18396a1bag", 42, True,
                    {"$oid": "5723073937d63a18396a1bae"}, ["5723073937d63a18396a1bae"]):
        r = hubler(world.client, {"account": account, "secret": "hubble"})
        assert_hubler_error(r, 400, "Validation", NOT_OBJECT_ID)


def test_row_secret_must_be_str(world, made):  # noqa: F811
    for secret in (12345, True, ["hubble"], {"secret": "hubble"}):
        r = hubler(world.client, {"account": made["client_id"], "secret": secret})
        assert_hubler_error(r, 400, "Validation", NOT_STR)


def test_row_account_not_found(world, acme):  # noqa: F811
    # An id no client has (never issued, or deleted) is the table's "The account not found!" row;
    # a wrong secret of an existing client stays the 401 row (test_row_authentication_failed...).
    r = hubler(world.client, {"account": "5723073937d63a18396a1bae", "secret": "hubble"})
    assert_hubler_error(r, 400, "Validation", ACCOUNT_NOT_FOUND)
    gone = make_client(world, acme)
    deleted = world.client.delete(f"/v1/companies/{acme.id}/clients/{gone['client_id']}",
                                  token=acme.owner.access)
    assert deleted.status_code == 204, deleted.text
    r = hubler(world.client, {"account": gone["client_id"], "secret": gone["client_secret"]})
    assert_hubler_error(r, 400, "Validation", ACCOUNT_NOT_FOUND)


def test_the_table_in_the_test_is_the_documents(world):  # noqa: F811
    if not DOCUMENT.exists():
        pytest.skip(f"{DOCUMENT} is not beside the repository")
    lines = [line.strip() for line in DOCUMENT.read_text(encoding="utf-8").splitlines()]
    start = lines.index("Error Message") + 1
    rows = [line for line in lines[start:lines.index("Example cURL")] if line]
    assert list(zip(rows[0::2], rows[1::2])) == TABLE


# --- bodies the document does not describe


def test_unreadable_bodies_answer_the_missing_accountid_row(world, made):  # noqa: F811
    cid, secret = made["client_id"], made["client_secret"]
    for raw in ("", "[]", f'[{{"account":"{cid}","secret":"{secret}"}}]', '{"account":',
                "null", '"account"'):
        assert_hubler_error(hubler(world.client, raw=raw), 400, "Validation", MISSING_ACCOUNT)
    # A form-encoded body is no JSON: the account is not found in it.
    r = world.client.post(AUTH, data={"account": cid, "secret": secret})
    assert_hubler_error(r, 400, "Validation", MISSING_ACCOUNT)


def test_json_is_read_whatever_the_content_type(world, acme, made):  # noqa: F811
    raw = f'{{"account":"{made["client_id"]}","secret":"{made["client_secret"]}"}}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": content_type} if content_type else {}
        r = world.client.post(AUTH, data=raw.encode(), headers=headers)
        assert_token(r, made, acme)


def test_curl_without_a_content_type(server, acme, made):
    # The document's "Example cURL" section is empty; the plain form a client would write sends
    # the JSON labelled application/x-www-form-urlencoded (curl -d's default).
    body = f'{{"account": "{made["client_id"]}", "secret": "{made["client_secret"]}"}}'
    out = subprocess.run(["curl", "-sS", "--noproxy", "*", "-X", "POST", server.url + AUTH, "-d", body,
                          "-w", "\n%{http_code}"], capture_output=True, text=True, timeout=30,
                         check=True)
    answer, status = out.stdout.rsplit("\n", 1)
    assert status == "200", out.stdout
    parsed = json.loads(answer)
    assert parsed["status"] == "success" and parsed["token"].count(".") == 2


def test_other_methods_are_not_routes(world):  # noqa: F811
    r = world.client.get(AUTH)
    assert r.status_code == 405, r.text
    assert "POST" in r.headers.get("Allow", "")


# --- rate limiting and the server-side rows


def test_failures_per_address_are_limited(start_server):
    srv = start_server(env={"PORTCULLIS_RATE_LIMITS__LOGIN_FAILURES_PER_ACCOUNT_IP": "3/15m"})
    c = srv.client
    owner = c.register()
    cid = jwt.decode(owner.access, options={"verify_signature": False})["cid"]
    r = c.post(f"/v1/companies/{cid}/clients", token=owner.access, json={"name": "sync"})
    assert r.status_code == 201, r.text
    made = r.json()
    # Successes are not counted.
    for _ in range(5):
        assert hubler(c, {"account": made["client_id"],
                          "secret": made["client_secret"]}).status_code == 200
    for _ in range(3):
        r = hubler(c, {"account": made["client_id"], "secret": "wrong"})
        assert_hubler_error(r, 401, "Validation", AUTHENTICATION_FAILED)
    # Every account from this address is refused now, the right secret too, before any check.
    for account, secret in ((made["client_id"], made["client_secret"]),
                            ("5723073937d63a18396a1bae", "hubble")):
        r = hubler(c, {"account": account, "secret": secret})
        assert_hubler_error(r, 429, "Validation",
                            "Too many failed authentications from this address; try again later.")
        assert 1 <= int(r.headers["Retry-After"]) <= 900
    # Validation still answers first (nothing was checked against the store).
    assert_hubler_error(hubler(c, {"secret": "x"}), 400, "Validation", MISSING_ACCOUNT)


@pytest.mark.skipif(not os.path.exists("/usr/lib/postgresql/15/bin/initdb"),
                    reason="needs Debian's postgresql-15")
def test_row_error_in_validating_account_on_a_database_outage(start_server):
    from test_postgres_outage import TIMEOUTS, PrivateCluster
    cluster = PrivateCluster()
    try:
        srv = start_server(database=cluster.url, env=TIMEOUTS)
        c = srv.client
        owner = c.register()
        cid = jwt.decode(owner.access, options={"verify_signature": False})["cid"]
        r = c.post(f"/v1/companies/{cid}/clients", token=owner.access, json={"name": "sync"})
        assert r.status_code == 201, r.text
        made = r.json()
        body = {"account": made["client_id"], "secret": made["client_secret"]}
        assert hubler(c, body).status_code == 200
        cluster.run("halt")
        r = hubler(c, body)
        assert_hubler_error(r, 503, "Error", ERROR_VALIDATING)
        assert int(r.headers["Retry-After"]) >= 1
        cluster.run("start")
        assert srv.running()
    finally:
        cluster.run("stop")
