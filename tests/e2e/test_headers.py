"""Response headers on every answer, the http layer's own included: X-Content-Type-Options:
nosniff everywhere; Pragma: no-cache wherever Cache-Control is no-store (token and secret
answers); no Content-Security-Policy on JSON; Strict-Transport-Security when public_url is https
(hsts_max_age, 0: off)."""

import socket

import pytest
from harness import PASSWORD

def raw(server, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(data)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out
            out += chunk


def head_fields(response: bytes):
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:])}


def assert_no_store(r):
    assert r.headers.get("Cache-Control") == "no-store", r.headers
    assert r.headers.get("Pragma") == "no-cache", r.headers


def test_nosniff_on_answers_of_every_kind(server, client):
    answers = [
        client.get("/health"),                                   # 204, ops
        client.get("/v1/nope"),                                  # 404 from the router
        client.delete("/health"),                                # 405 from the router
        client.get("/v1/me/profile"),                            # 401 from the API
        client.post("/v1/auth/login", data="x" * (2 * 1024 * 1024),
                    headers={"Content-Type": "application/json"}),  # 413 from the parser
        client.get("/.well-known/jwks.json"),                    # 200, cacheable
    ]
    for r in answers:
        assert r.headers.get("X-Content-Type-Options") == "nosniff", (r.status_code, r.headers)
    statuses = [r.status_code for r in answers]
    assert statuses == [204, 404, 405, 401, 413, 200], statuses
    fields = head_fields(raw(server, b"NOT HTTP AT ALL\r\n\r\n"))  # 400 from the parser
    assert fields.get("x-content-type-options") == "nosniff", fields
    assert fields.get("pragma") == "no-cache", fields


def test_token_and_secret_answers_are_no_store_with_pragma(client):
    email = f"hdr-{__import__('uuid').uuid4().hex[:10]}@example.com"
    r = client.register_raw(email=email)
    assert r.status_code in (200, 201), r.text
    assert_no_store(r)
    r = client.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    assert_no_store(r)
    body = r.json()
    r = client.refresh_raw(body["refresh_token"])
    assert r.status_code == 200, r.text
    assert_no_store(r)
    r = client.post("/v1/me/mfa/setup", token=body["access_token"], json={})
    if r.status_code == 200:  # a secret (the TOTP seed), unless enrolment now needs a step-up
        assert_no_store(r)
    r = client.get("/v1/me/profile", token=body["access_token"])
    assert_no_store(r)


def test_public_documents_stay_cacheable_without_pragma(client):
    r = client.get("/.well-known/jwks.json")
    assert r.headers["Cache-Control"] == "public, max-age=300"
    assert "Pragma" not in r.headers


def test_content_security_policy_only_on_html(start_server):
    # The only HTML answers today (the pages of mailed links) set their own, stricter policy; the
    # setting's hook is covered by the http unit tests. JSON answers carry none.
    srv = start_server(env={"PORTCULLIS_CONTENT_SECURITY_POLICY": "default-src 'none'"})
    for r in (srv.client.get("/health"), srv.client.get("/v1/me/profile"),
              srv.client.get("/v1/nope")):
        assert "Content-Security-Policy" not in r.headers, r.headers


def test_no_hsts_when_public_url_is_http(client):
    assert "Strict-Transport-Security" not in client.get("/health").headers


def test_hsts_when_public_url_is_https(start_server):
    srv = start_server(env={"PORTCULLIS_PUBLIC_URL": "https://auth.example.com"})
    for r in (srv.client.get("/health"), srv.client.get("/v1/nope"), srv.client.get("/v1/me/profile")):
        assert r.headers.get("Strict-Transport-Security") == "max-age=31536000", r.headers
    fields = head_fields(raw(srv, b"GET /health HTTP/1.1\r\n\r\n"))  # the parser's own 400
    assert fields.get("strict-transport-security") == "max-age=31536000", fields


@pytest.mark.parametrize("max_age,expected", [("0", None), ("600", "max-age=600")])
def test_hsts_max_age_setting(start_server, max_age, expected):
    srv = start_server(env={"PORTCULLIS_PUBLIC_URL": "https://auth.example.com",
                            "PORTCULLIS_HSTS_MAX_AGE": max_age})
    assert srv.client.get("/health").headers.get("Strict-Transport-Security") == expected
