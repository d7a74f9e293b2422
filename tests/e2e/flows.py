"""Helpers for the account-lifecycle suites (activation, magic links, password reset, email change,
self-deletion, exchange codes): a server that mails through the SMTP sink with the flags a test
needs, the link a received message carries, and following it like a browser would (without
following the redirect, so its Location and code can be checked).

    server = flow_server(start_server, mail_sink, AUTO_ACTIVATE_NEW_USERS="false")
    link = link_in(mail_sink.wait_for(email))       # the message's Portcullis link
    r = follow(server, link)                        # GET it on the server
    code = query_param(r.headers["Location"], "code")
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
import urllib.parse

APP = "https://app.example.test/callback"


def flow_server(start_server, mail_sink, **flags):
    """A server sending through `mail_sink`, with top-level settings given by name (without the
    PORTCULLIS_ prefix): flow_server(..., MAGIC_LINK_ENABLED="true")."""
    env = mail_sink.env(PORTCULLIS_ALLOWED_REDIRECT_URLS=APP)
    env.update({f"PORTCULLIS_{name}": str(value) for name, value in flags.items()})
    return start_server(env=env)


def link_in(mail):
    """The first link of the message's text part that points at a Portcullis route."""
    links = [u for u in mail.links if "/v1/" in u]
    assert links, f"no link in:\n{mail.text}"
    return links[0]


def query_param(url, name):
    values = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get(name)
    assert values, f"no {name} in {url}"
    return values[0]


def follow(server, link, **params):
    """GET the link's path and query on `server` (the link is built from its public_url)."""
    parts = urllib.parse.urlsplit(link)
    assert link.startswith(server.url), f"{link} is not on {server.url}"
    query = parts.query
    if params:
        query += ("&" if query else "") + urllib.parse.urlencode(params)
    return server.client.get(parts.path + ("?" + query if query else ""))


def pkce_pair():
    """A code_verifier and its S256 code_challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return verifier, challenge


def no_mail_for(mail_sink, to, wait=1.0):
    """True when nothing arrived for `to` within `wait` seconds (the sender polls often)."""
    time.sleep(wait)
    return not mail_sink.messages(to)

