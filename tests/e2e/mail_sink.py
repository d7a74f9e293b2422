"""An SMTP sink for the end-to-end suite: Debian's python3-aiosmtpd on a free loopback port, in
this process, keeping every message it accepts (parsed with the email package).

    sink = MailSink().start()     # .stop() and .start() again: the server is down in between
    server = start_server(env=sink.env())       # PORTCULLIS_SMTP_URL (+ STARTTLS off)
    mail = sink.wait_for("a@example.com")       # the first message to that address, or fails
    mail.text, mail.html, mail.message["Message-ID"], mail.links
    sink.refused.add("b@example.com")           # RCPT TO it is answered 550 (permanent)

The fixture `mail_sink` (conftest.py) gives a started one and stops it after the test.
"""

from __future__ import annotations

import re
import threading
import time
from email import message_from_bytes, policy

import pytest

from harness import free_port

try:
    from aiosmtpd.controller import Controller
except ImportError:  # pragma: no cover - python3-aiosmtpd is in scripts/install-deps.sh
    Controller = None


class ReceivedMail:
    """One accepted message: its envelope and the parsed message (email.message.EmailMessage)."""

    def __init__(self, mail_from, rcpt_tos, raw: bytes):
        self.mail_from = mail_from
        self.rcpt_tos = list(rcpt_tos)
        self.raw = raw
        self.message = message_from_bytes(raw, policy=policy.default)

    def part(self, subtype):
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part in:\n{self.raw[:2000]!r}"
        return body.get_content()

    @property
    def subject(self):
        return str(self.message["Subject"])

    @property
    def text(self):
        return self.part("plain")

    @property
    def html(self):
        return self.part("html")

    @property
    def links(self):
        """Every http(s) URL in the text part, in order."""
        return re.findall(r"https?://[^\s<>\"]+", self.text)


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.sink.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.sink._add(ReceivedMail(envelope.mail_from, envelope.rcpt_tos,
                                    envelope.original_content))
        return "250 Message accepted for delivery"


class MailSink:
    def __init__(self):
        if Controller is None:
            pytest.skip("python3-aiosmtpd is not installed (scripts/install-deps.sh)")
        self.port = free_port()
        self.controller = None
        self._messages = []
        self._lock = threading.Lock()
        self.refused = set()  # recipients answered with a permanent 550

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def env(self, **extra):
        """Server settings that send through this sink."""
        return {"PORTCULLIS_SMTP_URL": self.url, "PORTCULLIS_SMTP_STARTTLS": "off", **extra}

    def start(self):
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def _add(self, mail):
        with self._lock:
            self._messages.append(mail)

    def messages(self, to=None):
        with self._lock:
            return [m for m in self._messages if to is None or to in m.rcpt_tos]

    def wait_for(self, to, timeout=15.0, count=1):
        """The `count`-th message to `to` once it has arrived; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.messages(to)
            if len(got) >= count:
                return got[count - 1]
            time.sleep(0.05)
        pytest.fail(f"no message {count} to {to} within {timeout}s "
                    f"(got {len(self.messages(to))})", pytrace=False)
