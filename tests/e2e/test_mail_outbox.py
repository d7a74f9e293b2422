"""The mail pipeline end to end: `portcullis mail test` enqueues into the configured database's
outbox and the running server's sender delivers it — over SMTP to a real sink (both parts and
the headers), or as an .eml file under the data directory without smtp_url; the outbox holds a
message while the SMTP server is down and delivers it when it is back, also across kill -9;
a message that keeps failing is parked and counted in /metrics; no message content is logged."""

from __future__ import annotations

import email.utils
import pathlib
import re
import time
from email import message_from_bytes, policy

import pytest

from harness import metric, run_cli, unique_email
from mail_sink import MailSink

# Retries every second or two, so outages are short to test.
FAST_RETRY = {"PORTCULLIS_MAIL_RETRY_INITIAL": "1", "PORTCULLIS_MAIL_RETRY_MAX": "2",
              "PORTCULLIS_SMTP_TIMEOUT": "5", "PORTCULLIS_SMTP_CONNECT_TIMEOUT": "2"}


def mail_test(server, to):
    """Runs `portcullis mail test --to TO` on the server's database; returns the message id."""
    p = run_cli(["mail", "test", "--to", to, "--database", server.database,
                 "--data-dir", str(server.data_dir)], env=server.env)
    assert p.returncode == 0, p.stderr
    m = re.search(r"enqueued test message ([0-9a-f-]{36}) to ", p.stdout)
    assert m, p.stdout
    return m.group(1)


def wait_until(predicate, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what} not reached within {timeout}s", pytrace=False)


def outbox_rows(server):
    """(id, attempts, parked as 0 or 1) of every outbox row, on SQLite or PostgreSQL."""
    return server.query(
        "SELECT id, attempts, CASE WHEN parked THEN 1 ELSE 0 END FROM mail_outbox")


def test_smtp_delivery_has_both_parts_and_the_headers(start_server, mail_sink):
    server = start_server(env=mail_sink.env(PORTCULLIS_MAIL_FROM="Acme Sign-in <auth@acme.test>",
                                            PORTCULLIS_APP_NAME="Acme"))
    to = unique_email("smtp")
    before = time.time()
    message_id = mail_test(server, to)
    mail = mail_sink.wait_for(to)
    m = mail.message
    assert mail.mail_from == "auth@acme.test"
    assert mail.rcpt_tos == [to]
    assert m["Message-ID"] == f"<{message_id}@acme.test>"
    assert m["From"].addresses[0].display_name == "Acme Sign-in"
    assert m["From"].addresses[0].addr_spec == "auth@acme.test"
    assert m["To"] == to
    assert m["MIME-Version"] == "1.0"
    assert m.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in m.iter_parts()] == ["text/plain", "text/html"]
    sent = email.utils.parsedate_to_datetime(m["Date"]).timestamp()
    assert before - 2 <= sent <= time.time() + 1, m["Date"]
    assert mail.subject == "Acme test message"
    assert f"test message from Acme to {to}" in mail.text
    assert f"test message from Acme to {to}" in mail.html and "<html" in mail.html
    # Exactly once: the row is gone and nothing more arrives.
    wait_until(lambda: not outbox_rows(server), what="the outbox row deleted")
    assert metric(server.client, "portcullis_mail_sent_total") == 1
    time.sleep(1.5)
    assert len(mail_sink.messages(to)) == 1


def test_without_smtp_url_each_message_is_an_eml_file_under_the_data_dir(start_server):
    server = start_server()
    to = unique_email("eml")
    message_id = mail_test(server, to)
    mail_dir = pathlib.Path(server.data_dir) / "mail"
    files = wait_until(lambda: list(mail_dir.glob("*.eml")), what="an .eml file")
    assert len(files) == 1 and files[0].name.endswith(f"-{message_id}.eml"), files
    assert not [p for p in mail_dir.iterdir() if p.name.endswith(".tmp")]
    m = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert m["To"] == to
    assert m["Message-ID"] == f"<{message_id}@localhost>"
    assert m["From"].addresses[0].addr_spec == "no-reply@localhost"
    assert m.get_content_type() == "multipart/alternative"
    assert "test message from Portcullis" in m.get_body(("plain",)).get_content()
    assert "<html" in m.get_body(("html",)).get_content()
    log = wait_until(lambda: str(files[0]) in server.read_log() and server.read_log(),
                     what="the log line naming the file")
    line = next(l for l in log.splitlines() if str(files[0]) in l)
    assert "test" in line and to in line, line
    wait_until(lambda: not outbox_rows(server), what="the outbox row deleted")


def test_the_outbox_holds_a_message_while_smtp_is_down_and_delivers_it_when_it_is_back(
        start_server):
    sink = MailSink()  # not started: nothing listens on its port
    try:
        server = start_server(env=sink.env(**FAST_RETRY))
        to = unique_email("outage")
        mail_test(server, to)
        wait_until(lambda: metric(server.client, "portcullis_mail_failed_attempts_total") >= 2,
                   what="two failed attempts")
        assert len(outbox_rows(server)) == 1
        wait_until(lambda: metric(server.client, "portcullis_mail_outbox_pending") == 1,
                   what="the pending gauge")
        sink.start()
        mail = sink.wait_for(to)
        assert mail.subject == "Portcullis test message"
        wait_until(lambda: not outbox_rows(server), what="the outbox row deleted")
        time.sleep(2.5)  # a retry still under way would show as a second copy
        assert len(sink.messages(to)) == 1
        assert "(test) attempt 1 failed" in server.read_log()  # each failure was logged
    finally:
        sink.stop()


@pytest.mark.concurrency
def test_kill9_with_messages_pending_delivers_them_after_restart(start_server):
    sink = MailSink()
    try:
        server = start_server(env=sink.env(**FAST_RETRY))
        tried = unique_email("tried")
        mail_test(server, tried)
        wait_until(lambda: server.query("SELECT attempts FROM mail_outbox")
                   and server.query("SELECT attempts FROM mail_outbox")[0][0] >= 1,
                   what="a failed attempt recorded")
        server.kill9()
        # Committed while no server runs: after the commit and before any send.
        untried = unique_email("untried")
        mail_test(server, untried)
        sink.start()
        server.start()
        # A message claimed at the kill waits for its lease (smtp_timeout + 10 s).
        assert sink.wait_for(tried, timeout=30).rcpt_tos == [tried]
        assert sink.wait_for(untried, timeout=30).rcpt_tos == [untried]
        wait_until(lambda: not outbox_rows(server), what="the outbox emptied")
    finally:
        sink.stop()


def test_a_message_that_keeps_failing_is_parked_and_counted(start_server):
    sink = MailSink()
    try:
        server = start_server(env=sink.env(PORTCULLIS_MAIL_MAX_ATTEMPTS="2", **FAST_RETRY))
        to = unique_email("parked")
        mail_test(server, to)
        wait_until(lambda: metric(server.client, "portcullis_mail_parked_total") == 1,
                   what="the message parked")
        rows = outbox_rows(server)
        assert len(rows) == 1 and rows[0][1] == 2 and rows[0][2] == 1, rows
        wait_until(lambda: metric(server.client, "portcullis_mail_outbox_parked") == 1
                   and metric(server.client, "portcullis_mail_outbox_pending") == 0,
                   what="the outbox gauges")
        assert metric(server.client, "portcullis_mail_failed_attempts_total") == 2
        wait_until(lambda: "(test) parked after attempt 2" in server.read_log(),
                   what="the parking logged")
        sink.start()  # a parked message stays parked
        time.sleep(3)
        assert sink.messages(to) == []
    finally:
        sink.stop()


def test_templates_from_mail_templates_dir_escape_html_and_nothing_of_a_message_is_logged(
        start_server, mail_sink, tmp_path):
    templates = tmp_path / "templates"
    (templates / "de").mkdir(parents=True)
    (templates / "de" / "test.subject").write_text("Test von {{app_name}}\n")
    (templates / "de" / "test.txt").write_text("Hallo {{email}}, {{app_name}} schickt Grüße.\n")
    (templates / "de" / "test.html").write_text("<p>Hallo {{email}}, {{app_name}}</p>\n")
    marker = 'Marker7f3 <b>&"x"'
    server = start_server(env=mail_sink.env(PORTCULLIS_MAIL_TEMPLATES_DIR=str(templates),
                                            PORTCULLIS_DEFAULT_LOCALE="de-CH",
                                            PORTCULLIS_APP_NAME=marker))
    to = unique_email("tpl")
    mail_test(server, to)
    mail = mail_sink.wait_for(to)
    assert mail.subject == f"Test von {marker}"
    # (A part's last line break belongs to the MIME boundary that follows it.)
    assert mail.text.rstrip("\n") == f"Hallo {to}, {marker} schickt Grüße."
    assert mail.html.rstrip("\n") == f"<p>Hallo {to}, Marker7f3 &lt;b&gt;&amp;&quot;x&quot;</p>"
    # The .eml log line and the failure lines carry no content: the marker is nowhere in the log.
    assert "Marker7f3" not in server.read_log()
    eml = start_server(env={"PORTCULLIS_APP_NAME": marker})
    mail_test(eml, to)
    wait_until(lambda: list((pathlib.Path(eml.data_dir) / "mail").glob("*.eml")),
               what="an .eml file")
    wait_until(lambda: ".eml" in eml.read_log(), what="the .eml log line")
    assert "Marker7f3" not in eml.read_log()


def test_a_broken_override_template_is_a_start_error_naming_the_file(start_server, tmp_path):
    templates = tmp_path / "templates"
    (templates / "en").mkdir(parents=True)
    (templates / "en" / "activation.subject").write_text("Activate\n")
    (templates / "en" / "activation.txt").write_text("{{#link}}never closed\n")
    (templates / "en" / "activation.html").write_text("<p>{{link}}</p>\n")
    server = start_server(env={"PORTCULLIS_MAIL_TEMPLATES_DIR": str(templates)}, wait=False)
    assert server.proc.wait(timeout=30) == 2
    assert str(templates / "en" / "activation.txt") in server.read_log()


def test_starttls_required_by_default_sends_nothing_in_clear(start_server, mail_sink):
    # The sink offers no STARTTLS: with the default smtp_starttls = required nothing is sent.
    server = start_server(env={"PORTCULLIS_SMTP_URL": mail_sink.url, **FAST_RETRY})
    to = unique_email("tls")
    mail_test(server, to)
    line = wait_until(lambda: next((l for l in server.read_log().splitlines()
                                    if "(test) attempt 1 failed" in l), None),
                      what="a failed attempt logged")
    assert "SSL" in line or "TLS" in line, line
    assert mail_sink.messages(to) == []
    assert len(outbox_rows(server)) == 1


def test_a_permanent_refusal_parks_the_message_at_once(start_server, mail_sink):
    server = start_server(env=mail_sink.env(**FAST_RETRY))
    refused, accepted = unique_email("refused"), unique_email("accepted")
    mail_sink.refused.add(refused)
    mail_test(server, refused)
    mail_test(server, accepted)
    mail_sink.wait_for(accepted)
    wait_until(lambda: "(test) parked after attempt 1" in server.read_log(),
               what="the refused message parked")
    assert metric(server.client, "portcullis_mail_parked_total") == 1
    assert metric(server.client, "portcullis_mail_failed_attempts_total") == 1
    # The sink holds the accepted message a moment before the sender deletes its row.
    wait_until(lambda: len(outbox_rows(server)) == 1, what="the delivered message's row deleted")
    rows = outbox_rows(server)
    assert rows[0][1:] == (1, 1), rows
    assert "550" in server.query("SELECT last_error FROM mail_outbox")[0][0]
