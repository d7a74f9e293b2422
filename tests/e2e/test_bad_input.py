"""Strict request bodies, problem+json on every error, size limits, unknown paths and methods."""

import http.client
import json
import socket
import threading
import time

import pytest

from harness import PASSWORD, assert_problem, unique_email


@pytest.fixture(scope="module")
def acct(client):
    return client.register()


def endpoints(acct):
    """(method, path, a valid body, headers) for every endpoint that takes JSON."""
    auth = {"Authorization": f"Bearer {acct.access}"}
    return [
        ("POST", "/v1/auth/register", {"email": unique_email(), "password": PASSWORD}, {}),
        ("POST", "/v1/auth/login", {"email": acct.email, "password": PASSWORD}, {}),
        ("POST", "/v1/auth/refresh", {"refresh_token": acct.refresh}, {}),
        ("PATCH", "/v1/me/profile", {"display_name": "x"}, auth),
        ("POST", "/v1/me/password", {"old_password": PASSWORD, "new_password": PASSWORD + "!"}, auth),
    ]


IDS = ["register", "login", "refresh", "profile", "password"]


@pytest.mark.parametrize("i", range(5), ids=IDS)
@pytest.mark.parametrize("raw", [b'{"email": ', b"{'single': 'quotes'}", b"not json at all", b"{}}",
                                 b'{"a":1,}', b'{"email": "\xff\xfe"}'],
                         ids=["truncated", "single-quotes", "text", "trailing-brace", "trailing-comma",
                              "bad-utf8"])
def test_malformed_json_is_400(client, acct, i, raw):
    method, path, _, headers = endpoints(acct)[i]
    r = client.request(method, path, data=raw, headers={**headers, "Content-Type": "application/json"})
    assert_problem(r, 400, "invalid_request")


@pytest.mark.parametrize("i", range(5), ids=IDS)
@pytest.mark.parametrize("raw", ["[]", '"string"', "42", "null", "true"])
def test_non_object_json_is_400(client, acct, i, raw):
    method, path, _, headers = endpoints(acct)[i]
    r = client.request(method, path, data=raw, headers={**headers, "Content-Type": "application/json"})
    assert_problem(r, 400, "invalid_request")


@pytest.mark.parametrize("i", range(5), ids=IDS)
def test_unknown_member_is_400(client, acct, i):
    method, path, body, headers = endpoints(acct)[i]
    r = client.request(method, path, json={**body, "unexpected_member": True}, headers=headers)
    assert_problem(r, 400, "invalid_request")


@pytest.mark.parametrize("i", range(5), ids=IDS)
@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", None,
                                   "application/jsonx", "multipart/form-data; boundary=x"])
def test_non_json_content_type_is_415(client, acct, i, ctype):
    method, path, body, headers = endpoints(acct)[i]
    h = dict(headers)
    if ctype:
        h["Content-Type"] = ctype
    r = client.request(method, path, data=json.dumps(body).encode(), headers=h)
    assert_problem(r, 415, "unsupported_media_type")


def test_json_with_charset_is_accepted(client):
    r = client.post("/v1/auth/register", data=json.dumps({"email": unique_email(), "password": PASSWORD}),
                    headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 201, r.text


WRONG_TYPES = [
    ("/v1/auth/register", {"email": 123, "password": PASSWORD}),
    ("/v1/auth/register", {"email": ["a@example.com"], "password": PASSWORD}),
    ("/v1/auth/register", {"email": None, "password": PASSWORD}),
    ("/v1/auth/register", {"email": "wt@example.com", "password": 12345678}),
    ("/v1/auth/register", {"email": "wt@example.com", "password": {"p": 1}}),
    ("/v1/auth/register", {"email": "wt@example.com", "password": PASSWORD, "username": 7}),
    ("/v1/auth/register", {"email": "wt@example.com", "password": PASSWORD, "display_name": []}),
    ("/v1/auth/register", {"email": "wt@example.com", "password": PASSWORD, "cookie": "yes"}),
    ("/v1/auth/login", {"email": 5, "password": PASSWORD}),
    ("/v1/auth/login", {"username": ["x"], "password": PASSWORD}),
    ("/v1/auth/login", {"email": "x@example.com", "password": None}),
    ("/v1/auth/login", {"email": "x@example.com", "password": PASSWORD, "cookie": 1}),
    ("/v1/auth/refresh", {"refresh_token": 12345}),
    ("/v1/auth/refresh", {"refresh_token": ["a"]}),
    ("/v1/auth/refresh", {"refresh_token": "a" * 43, "cookie": "true"}),
]


@pytest.mark.parametrize("path,body", WRONG_TYPES)
def test_wrong_member_types_are_400(client, path, body):
    assert_problem(client.post(path, json=body), 400, "invalid_request")


@pytest.mark.parametrize("body", [{"display_name": 5}, {"username": {"a": 1}}, {"metadata": "x"}])
def test_wrong_member_types_on_profile_are_400(client, acct, body):
    r = client.patch("/v1/me/profile", token=acct.access, json=body)
    assert_problem(r, 400, "invalid_request")


def test_duplicate_members_do_not_smuggle_values(client):
    email = unique_email()
    raw = '{"email": "%s", "password": "%s", "password": "short"}' % (email, PASSWORD)
    r = client.post("/v1/auth/register", data=raw, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 201), r.text
    if r.status_code == 400:
        assert_problem(r, 400, "invalid_request")


# ------------------------------------------------------------------------------ size limits

def raw_exchange(port, head: bytes, body: bytes = b"", timeout=20):
    """Sends head+body on a fresh socket (in a thread, ignoring send errors: the server may answer
    and close early) while reading the answer; returns (status, headers dict, body bytes)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)

    def send():
        try:
            s.sendall(head)
            for i in range(0, len(body), 65536):
                s.sendall(body[i:i + 65536])
        except OSError:
            pass

    t = threading.Thread(target=send, daemon=True)
    t.start()
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        head_part, _, rest = data.partition(b"\r\n\r\n")
        lines = head_part.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        n = int(headers.get("content-length", "0"))
        while len(rest) < n:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
        return status, headers, rest[:n]
    finally:
        s.close()
        t.join(5)


def post_head(path, length, ctype="application/json", extra=""):
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {length}\r\n{extra}\r\n").encode()


def check_413(status, headers, body):
    assert status == 413, (status, body[:300])
    assert headers.get("content-type", "").startswith("application/problem+json"), headers
    problem = json.loads(body)
    assert problem["type"] == "payload_too_large" and problem["status"] == 413


def test_body_over_default_limit_is_413_and_server_survives(server, client):
    big = json.dumps({"email": unique_email(), "password": PASSWORD,
                      "display_name": "x" * (1048576 + 1000)}).encode()
    check_413(*raw_exchange(server.port, post_head("/v1/auth/register", len(big)), big))
    assert client.get("/health").status_code == 204
    acct = client.register()
    assert client.profile(acct.access).status_code == 200


def test_body_over_limit_via_requests_is_413(client):
    big = json.dumps({"email": unique_email(), "password": PASSWORD, "display_name": "y" * 1100000})
    try:
        r = client.post("/v1/auth/register", data=big, headers={"Content-Type": "application/json"})
    except Exception as e:  # noqa: BLE001 - the server may close before reading it all
        pytest.skip(f"connection closed while sending: {e!r}")
    assert_problem(r, 413, "payload_too_large")


def test_chunked_body_over_limit_is_413(server, client):
    chunk = b"z" * 65536
    body = b""
    for _ in range(20):  # 1.25 MiB in chunks
        body += b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    body += b"0\r\n\r\n"
    head = (b"POST /v1/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    status, headers, resp = raw_exchange(server.port, head, body)
    check_413(status, headers, resp)
    assert client.get("/health").status_code == 204


def test_max_body_bytes_setting(start_server):
    srv = start_server(env={"PORTCULLIS_MAX_BODY_BYTES": "2048"})
    small = {"email": unique_email(), "password": PASSWORD, "metadata": {"pad": "s" * 1500}}
    r = srv.client.post("/v1/auth/register", json=small)
    assert r.status_code == 201, r.text
    large = json.dumps({"email": unique_email(), "password": PASSWORD, "metadata": {"pad": "l" * 3000}}).encode()
    check_413(*raw_exchange(srv.port, post_head("/v1/auth/register", len(large)), large))
    assert srv.client.get("/health").status_code == 204


def test_huge_header_is_rejected_and_server_survives(server, client):
    head = (b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"h" * (256 * 1024) + b"\r\n\r\n")
    try:
        status, _, _ = raw_exchange(server.port, head)
        assert status in (400, 413, 431), status
    except (OSError, ValueError, IndexError):
        pass  # closing the connection is acceptable too
    assert client.get("/health").status_code == 204


# ------------------------------------------------------------------------------ paths, methods

@pytest.mark.parametrize("path", ["/nope", "/v1/nope", "/v1/auth", "/v1/me/profile/extra"])
def test_unknown_path_is_404_problem(client, path):
    assert_problem(client.get(path), 404, "not_found")
    assert_problem(client.post(path, json={}), 404, "not_found")


@pytest.mark.parametrize("method,path", [("GET", "/v1/auth/login"), ("PUT", "/v1/auth/register"),
                                         ("DELETE", "/v1/me/profile"), ("POST", "/health")])
def test_wrong_method_is_405_problem(client, method, path):
    assert_problem(client.request(method, path), 405, "method_not_allowed")


def test_keep_alive_serves_several_requests_on_one_connection(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for _ in range(5):
            conn.request("GET", "/health")
            r = conn.getresponse()
            r.read()
            assert r.status == 204
        conn.request("POST", "/v1/auth/login", body=b"{bad", headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        assert r.status == 400
        conn.request("GET", "/health")
        r = conn.getresponse()
        r.read()
        assert r.status == 204
    finally:
        conn.close()


# ------------------------------------------------------------------------------ timeouts

def read_until_closed(sock, limit):
    """Reads until the peer closes; returns (closed, data) after at most `limit` seconds."""
    sock.settimeout(0.5)
    deadline = time.monotonic() + limit
    data = b""
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            return True, data
        if not chunk:
            return True, data
        data += chunk
    return False, data


def test_idle_keep_alive_connection_is_closed(start_server):
    srv = start_server(env={"PORTCULLIS_IDLE_TIMEOUT": "1"})
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    try:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        closed, data = read_until_closed(s, 10)
        assert data.startswith(b"HTTP/1.1 204"), data[:200]
        assert closed, "an idle keep-alive connection stayed open past idle_timeout"
    finally:
        s.close()
    assert srv.client.get("/health").status_code == 204


def test_slow_request_is_cut_off(start_server):
    srv = start_server(env={"PORTCULLIS_READ_TIMEOUT": "1"})
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    try:
        s.sendall(b"POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"em")
        closed, data = read_until_closed(s, 10)
        assert closed, "a request that never completes kept its connection past read_timeout"
        assert not data or data.split(b" ")[1] in (b"408", b"400"), data[:200]
    finally:
        s.close()
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    try:
        s.sendall(b"GET /hea")  # an unfinished request head
        closed, _ = read_until_closed(s, 10)
        assert closed, "an unfinished request head kept its connection past read_timeout"
    finally:
        s.close()
    assert srv.client.get("/health").status_code == 204
