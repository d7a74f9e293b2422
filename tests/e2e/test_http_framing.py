"""Request framing over a raw socket (RFC 9112 §3.2, §6.3): a Transfer-Encoding the server cannot
frame by, one beside Content-Length, a conflicting Content-Length and a missing or doubled Host get
one 400 and the connection closed — what follows in the stream (a request hidden in the "body")
is never answered. The access log names the client of such a request and what parsed of it."""

import socket
import time

import pytest

from harness import json_lines


def exchange(server, data: bytes, timeout=5.0):
    """Sends `data` on one connection; returns (everything the server sent, closed) where `closed`
    says the server ended the connection (EOF or reset) within `timeout`."""
    received = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        s.sendall(data)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return received, False
            except ConnectionResetError:
                return received, True
            if not chunk:
                return received, True
            received += chunk
    return received, False


def status_lines(data: bytes):
    return [line for line in data.split(b"\r\n") if line.startswith(b"HTTP/1.")]


def assert_one_400_then_eof(server, data: bytes):
    received, closed = exchange(server, data)
    statuses = status_lines(received)
    assert statuses, f"no answer: {received[:300]!r}"
    assert statuses[0].startswith(b"HTTP/1.1 400 "), received[:300]
    assert len(statuses) == 1, f"a second answer on the same connection: {statuses}"
    assert b"\r\nConnection: close\r\n" in received, received[:400]
    assert b"\r\nX-Content-Type-Options: nosniff\r\n" in received, received[:400]
    assert closed, "the connection stayed open after a framing error"
    return received


def hidden(path):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


TE_VARIANTS = ["xchunked", "gzip", "chunked, identity", "identity", "", "chunked, chunked"]


@pytest.mark.parametrize("path", ["/metrics", "/health"])
def test_request_hidden_behind_xchunked_is_never_answered(server, path):
    assert_one_400_then_eof(server, (
        b"POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: xchunked\r\n\r\n") + hidden(path))


@pytest.mark.parametrize("coding", TE_VARIANTS, ids=[v or "empty" for v in TE_VARIANTS])
def test_transfer_encoding_not_ending_in_a_lone_chunked_is_400_and_close(server, coding):
    assert_one_400_then_eof(server, (
        "POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Transfer-Encoding: {coding}\r\n\r\n").encode() + hidden("/health"))


def test_transfer_encoding_over_two_lines_is_one_list(server):
    assert_one_400_then_eof(server, (
        b"POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
        b"Transfer-Encoding: identity\r\n\r\n0\r\n\r\n") + hidden("/health"))


def test_transfer_encoding_beside_content_length_is_400_and_close(server):
    body = hidden("/health")
    assert_one_400_then_eof(server, (
        b"POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: xchunked\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n") + body + hidden("/health"))
    assert_one_400_then_eof(server, (
        b"POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n") + hidden("/health"))


@pytest.mark.parametrize("lengths", [b"Content-Length: 1\r\nContent-Length: 2\r\n",
                                     b"Content-Length: 1, 2\r\n", b"Content-Length: +3\r\n",
                                     b"Content-Length: abc\r\n"],
                         ids=["two-lines", "list", "sign", "letters"])
def test_bad_or_conflicting_content_length_is_400_and_close(server, lengths):
    assert_one_400_then_eof(server, b"POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                            lengths + b"\r\nab" + hidden("/health"))


def test_http11_without_host_is_400_and_close(server):
    assert_one_400_then_eof(server, b"GET /health HTTP/1.1\r\n\r\n" + hidden("/health"))


def test_two_hosts_is_400_and_close(server):
    assert_one_400_then_eof(server, b"GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" +
                            hidden("/health"))


def test_chunked_request_and_http10_without_host_are_still_served(server):
    received, _ = exchange(server, b"GET /health HTTP/1.0\r\n\r\n")
    assert status_lines(received) == [b"HTTP/1.1 204 No Content"], received[:300]
    body = b'{"email":"nobody@example.com","password":"wrong password 123"}'
    chunked = (b"POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
               b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
               f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n")
    received, _ = exchange(server, chunked)
    assert status_lines(received) == [b"HTTP/1.1 401 Unauthorized"], received[:300]


@pytest.mark.parametrize("framing", ["Transfer-Encoding: xchunked\r\n",
                                     "Content-Length: 1\r\nContent-Length: 2\r\n"],
                         ids=["unframeable", "refused-by-the-parser"])
def test_access_log_names_the_client_of_a_rejected_request(server, framing):
    marker = f"/v1/auth/framing-probe-{len(framing)}"
    received, _ = exchange(server, (
        f"POST {marker} HTTP/1.1\r\nHost: 127.0.0.1\r\n{framing}\r\n").encode())
    assert status_lines(received)[:1] == [b"HTTP/1.1 400 Bad Request"], received[:300]
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in json_lines(server.read_log())
                 if isinstance(line.get("msg"), dict) and line["msg"].get("path") == marker]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert lines, "no access-log line for the rejected request"
    msg = lines[-1]["msg"]
    assert msg["status"] == 400
    assert msg["ip"] == "127.0.0.1"
    assert msg["method"] == "POST"
