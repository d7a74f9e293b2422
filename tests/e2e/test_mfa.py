"""TOTP multi-factor authentication end to end: enrolment, both login flows, recovery codes,
replay, tickets (expiry, attempt limit) and secrets at rest.

Codes come from pyotp and from oathtool (Debian). A TOTP step is accepted once per user, and the
server accepts one step either side of now, so the Codes helper hands out codes of increasing
steps (now - 1, now, now + 1) and only waits for the clock when it has to.
"""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import time

import jwt
import pyotp
import pytest

from harness import BIN, JWT_SECRET, assert_problem, base_env, free_port, run_concurrently

TICKET_TTL = 3


class Codes:
    """Increasing, never reused TOTP codes of one secret, each within the server's ±1 step."""

    def __init__(self, secret):
        self.secret = secret
        self.totp = pyotp.TOTP(secret)
        self.next_step = None

    def step_code(self):
        while True:
            now = time.time()
            current = int(now // 30)
            low = current - 1 if now % 30 < 25 else current  # keep clear of the window's edge
            if self.next_step is None or self.next_step < low:
                self.next_step = low
            if self.next_step <= current + 1:
                step = self.next_step
                self.next_step += 1
                return step, self.totp.at(step * 30)
            time.sleep(30 - now % 30 + 0.2)

    def next(self):
        return self.step_code()[1]


def oathtool_code(secret, step):
    out = subprocess.run(["oathtool", "--totp", "-b", "-N", f"@{step * 30 + 1}", secret],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})


@pytest.fixture(scope="module")
def server(module_server_pool):
    return module_server_pool(env={"PORTCULLIS_MFA_TICKET_TTL": TICKET_TTL})


class Enrolled:
    def __init__(self, acct, secret, recovery_codes, codes):
        self.acct = acct
        self.secret = secret
        self.recovery_codes = recovery_codes
        self.codes = codes


def enrol(client, acct=None) -> Enrolled:
    acct = acct or client.register()
    r = client.post("/v1/me/mfa/setup", token=acct.access, json={})
    assert r.status_code == 200, r.text
    secret = r.json()["secret"]
    codes = Codes(secret)
    step, _ = codes.step_code()
    r = client.post("/v1/me/mfa/verify", token=acct.access, json={"code": oathtool_code(secret, step)})
    assert r.status_code == 200, r.text
    return Enrolled(acct, secret, r.json()["recovery_codes"], codes)


def login(client, e: Enrolled, **extra):
    return client.login_raw(e.acct.password, email=e.acct.email, **extra)


def test_enrolment_returns_secret_uri_qr_and_eight_recovery_codes_once(client):
    acct = client.register()
    assert client.profile(acct.access).json()["mfa_enabled"] is False
    r = client.post("/v1/me/mfa/verify", token=acct.access, json={"code": "123456"})
    assert_problem(r, 400, "invalid_request")

    r = client.post("/v1/me/mfa/setup", token=acct.access, json={})
    assert r.status_code == 200, r.text
    body = r.json()
    secret = body["secret"]
    assert len(base64.b32decode(secret + "=" * (-len(secret) % 8))) == 20  # 160 bits
    uri = pyotp.parse_uri(body["otpauth_uri"])
    assert uri.secret == secret and uri.issuer == "Portcullis" and uri.name == acct.email
    assert body["qr_code"].startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(body["qr_code"].split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "</svg>" in svg

    # Not enabled until a code proves the app has the secret.
    assert client.login_raw(acct.password, email=acct.email).status_code == 200
    r = client.post("/v1/me/mfa/verify", token=acct.access, json={"code": "000000"})
    assert_problem(r, 401, "invalid_credentials", field="code")
    r = client.post("/v1/me/mfa/verify", token=acct.access,
                    json={"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 200, r.text
    recovery = r.json()["recovery_codes"]
    assert len(recovery) == 8 and len(set(recovery)) == 8
    assert client.profile(acct.access).json()["mfa_enabled"] is True
    r = client.post("/v1/me/mfa/setup", token=acct.access, json={})
    assert_problem(r, 409, "conflict")


def test_one_step_login_with_totp_code_and_replay_refused(client):
    e = enrol(client)
    r = login(client, e)
    body = assert_problem(r, 401, "mfa_required")
    assert isinstance(body.get("mfa_ticket"), str) and len(body["mfa_ticket"]) >= 40

    code = e.codes.next()
    r = login(client, e, totp_code=code)
    assert r.status_code == 200, r.text
    c = claims(r.json()["access_token"])
    assert c["amr"] == ["pwd", "otp"]
    assert abs(c["auth_time"] - time.time()) < 5
    assert r.json()["user"]["mfa_enabled"] is True

    r = login(client, e, totp_code=code)  # the same code again, still inside its window
    assert_problem(r, 401, "invalid_credentials", field="totp_code")
    r = login(client, e, totp_code="999999" if code != "999999" else "888888")
    assert_problem(r, 401, "invalid_credentials")
    # A wrong password with a right code is still a wrong password.
    r = client.login_raw("not the password", email=e.acct.email, totp_code=e.codes.next())
    assert_problem(r, 401, "invalid_credentials")


def test_two_step_login_with_ticket(client):
    e = enrol(client)
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": e.codes.next()})
    assert r.status_code == 200, r.text
    body = r.json()
    assert claims(body["access_token"])["amr"] == ["pwd", "otp"]
    assert client.refresh_raw(body["refresh_token"]).status_code == 200
    # Single use.
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": e.codes.next()})
    assert_problem(r, 401, "invalid_credentials", field="ticket")
    r = client.post("/v1/auth/mfa/totp", json={"ticket": "made-up", "code": "123456"})
    assert_problem(r, 401, "invalid_credentials", field="ticket")
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket})
    assert_problem(r, 400, "invalid_request", field="code")


def test_recovery_code_works_once_and_only_once(client):
    e = enrol(client)
    code = e.recovery_codes[0]
    r = login(client, e, totp_code=code)
    assert r.status_code == 200, r.text
    assert claims(r.json()["access_token"])["amr"] == ["pwd", "recovery"]
    r = login(client, e, totp_code=code)
    assert_problem(r, 401, "invalid_credentials")
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": code.upper()})
    assert_problem(r, 401, "invalid_credentials")
    # Another code works through the ticket flow, typed loosely.
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    r = client.post("/v1/auth/mfa/totp",
                    json={"ticket": ticket, "code": e.recovery_codes[1].upper().replace("-", " ")})
    assert r.status_code == 200, r.text
    assert claims(r.json()["access_token"])["amr"] == ["pwd", "recovery"]


def test_ticket_expires(client):
    e = enrol(client)
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    time.sleep(TICKET_TTL + 1.1)
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": e.codes.next()})
    assert_problem(r, 401, "invalid_credentials", field="ticket")


def test_ticket_stops_after_five_wrong_codes(client):
    e = enrol(client)
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    right = e.codes.next()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": wrong})
        assert_problem(r, 401, "invalid_credentials", field="code")
    time.sleep(1.2)  # the fifth failure also slows this user down for a second
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": right})
    assert_problem(r, 401, "invalid_credentials", field="ticket")
    # A new login (new ticket) with the same, still unused code works.
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": right})
    assert r.status_code == 200, r.text


def test_database_holds_neither_the_secret_nor_the_recovery_codes(client, server):
    e = enrol(client)
    # Use a code, so every MFA table has rows and the WAL has seen them.
    assert login(client, e, totp_code=e.recovery_codes[2]).status_code == 200
    raw_secret = base64.b32decode(e.secret + "=" * (-len(e.secret) % 8))
    files = [p for p in server.data_dir.iterdir() if p.name.startswith("portcullis.db")]
    if server.postgres_db is None:
        assert any(p.name.endswith("-wal") for p in files), files
    needles = [e.secret.encode(), e.secret.lower().encode(), raw_secret]
    for code in e.recovery_codes:
        needles += [code.encode(), code.replace("-", "").encode(), code.upper().encode()]
    contents = [(path.name, path.read_bytes()) for path in files]
    if server.postgres_db is not None:
        contents.append(("pg_dump", server.database_bytes()))
    for name, data in contents:
        for needle in needles:
            assert needle not in data, f"{needle!r} found in {name}"


def test_generated_keys_are_owner_only_files(server):
    for name in ("mfa_encryption_key", "mfa_recovery_key"):
        path = server.data_dir / name
        assert path.is_file(), name
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, name
    kid, _, key = (server.data_dir / "mfa_encryption_key").read_text().strip().partition(":")
    assert kid and len(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))) == 32


def b64u_key(fill):
    return base64.urlsafe_b64encode(bytes([fill]) * 32).rstrip(b"=").decode()


def test_encryption_key_rotation_keeps_old_secrets_readable(start_server):
    k1 = f"k1:{b64u_key(1)}"
    s = start_server(env={"PORTCULLIS_MFA_ENCRYPTION_KEY": k1})
    e = enrol(s.client)
    s.env["PORTCULLIS_MFA_ENCRYPTION_KEY"] = f"k2:{b64u_key(2)},{k1}"
    s.restart()
    r = s.client.login_raw(e.acct.password, email=e.acct.email, totp_code=e.codes.next())
    assert r.status_code == 200, r.text
    # New enrolments are sealed with the first key.
    other = enrol(s.client)
    assert other.acct.user["id"]
    assert not (s.data_dir / "mfa_encryption_key").exists()


@pytest.mark.parametrize("setting,value", [
    ("mfa_encryption_key", "no-kid-here"),
    ("mfa_encryption_key", "k1:c2hvcnQ"),
    ("mfa_recovery_key", "c2hvcnQ"),
    ("mfa_issuer", "a:b"),
    ("step_up_window", "0"),
    ("mfa_ticket_ttl", "soon"),
])
def test_bad_mfa_setting_stops_the_start_naming_it(tmp_path, setting, value):
    cmd = [BIN, "serve", "--listen", f"127.0.0.1:{free_port()}", "--data-dir", str(tmp_path),
           "--database", f"sqlite:{tmp_path}/portcullis.db"]
    env = base_env({f"PORTCULLIS_{setting.upper()}": value})
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=20,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("server started despite a bad setting")
    assert p.returncode != 0
    assert setting in p.stderr, p.stderr
    assert len(p.stderr.strip().splitlines()) <= 3, p.stderr


# --------------------------------------------------------------------------------------------
# Races: enrolment, ticket attempts and the per-user wrong-code count under concurrent requests.


def mfa_row(server, user_id):
    rows = server.query("SELECT failures, last_failure_at, locked_until FROM mfa_factors"
                        " WHERE user_id = ?", (user_id,))
    return rows[0] if rows else None


def checked_wrong_codes(server, user_id):
    """(wrong codes that were checked, locks) from the security log (throttled ones excluded)."""
    failed = server.query("SELECT COUNT(*) FROM security_events WHERE user_id = ? AND"
                          " type = 'mfa_failed' AND detail <> 'refused by throttling'",
                          (user_id,))[0][0]
    locks = server.query("SELECT COUNT(*) FROM security_events WHERE user_id = ? AND"
                         " type = 'mfa_locked'", (user_id,))[0][0]
    return failed, locks


def parallel_posts(client, path, bodies, token=None):
    def post(i, barrier):
        session = client.new_session()
        barrier.wait()
        return client.request("POST", path, json=bodies[i], token=token, session=session)

    results = run_concurrently(post, len(bodies))
    for r in results:
        assert not isinstance(r, Exception), repr(r)
    return results


@pytest.mark.concurrency
@pytest.mark.parametrize("round_", range(3))
def test_parallel_verifies_enable_once_and_the_winners_codes_work(client, round_):
    acct = client.register()
    r = client.post("/v1/me/mfa/setup", token=acct.access, json={})
    assert r.status_code == 200, r.text
    secret = r.json()["secret"]
    code = pyotp.TOTP(secret).now()
    results = parallel_posts(client, "/v1/me/mfa/verify", [{"code": code}] * 4, token=acct.access)
    statuses = sorted(r.status_code for r in results)
    assert statuses.count(200) == 1, [(r.status_code, r.text) for r in results]
    for r in results:
        if r.status_code != 200:
            assert_problem(r, 409, "conflict")
    recovery = next(r for r in results if r.status_code == 200).json()["recovery_codes"]
    assert len(recovery) == 8
    # The winner's codes are the ones stored: the first and the last both work.
    for c in (recovery[0], recovery[-1]):
        r = client.login_raw(acct.password, email=acct.email, totp_code=c)
        assert r.status_code == 200, r.text


@pytest.mark.concurrency
def test_parallel_wrong_codes_on_one_ticket_check_at_most_five(client, server):
    e = enrol(client)
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    right = e.codes.next()
    wrong = "000000" if right != "000000" else "111111"
    results = parallel_posts(client, "/v1/auth/mfa/totp", [{"ticket": ticket, "code": wrong}] * 20)
    fields = [assert_problem(r, 401, "invalid_credentials").get("field") for r in results]
    assert fields.count("code") <= 5, fields  # checked (or throttled) against the code
    assert fields.count("ticket") >= 15, fields  # refused before any check: the ticket is spent
    assert checked_wrong_codes(server, e.acct.user["id"])[0] <= 5
    time.sleep(1.2)  # past the throttling delay the fifth failure may have started
    # The ticket is dead, and refusing it did not spend the right code.
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": right})
    assert_problem(r, 401, "invalid_credentials", field="ticket")
    ticket = assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
    r = client.post("/v1/auth/mfa/totp", json={"ticket": ticket, "code": right})
    assert r.status_code == 200, r.text


@pytest.mark.concurrency
def test_concurrent_wrong_codes_all_count_and_lock_the_account(client, server):
    e = enrol(client)
    user_id = e.acct.user["id"]
    now_step = int(time.time() // 30)
    near = {e.codes.totp.at(step * 30) for step in range(now_step - 1, now_step + 40)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in near)
    # Bursts of wrong codes over several tickets (no password hashing on that route, so they
    # really run in parallel); wrong codes that were checked must all count, none lost.
    for _burst in range(8):
        tickets = [assert_problem(login(client, e), 401, "mfa_required")["mfa_ticket"]
                   for _ in range(4)]
        bodies = [{"ticket": t, "code": wrong} for t in tickets for _ in range(5)]
        for r in parallel_posts(client, "/v1/auth/mfa/totp", bodies):
            assert_problem(r, 401, "invalid_credentials")
        failures, last_failure_at, locked_until = mfa_row(server, user_id)
        checked, locks = checked_wrong_codes(server, user_id)
        assert failures + 10 * locks == checked, (failures, locks, checked)
        if locked_until > time.time():
            break
        # Wait out the slow-down (2^(failures - 5) s from the fifth failure on) before the next.
        if failures >= 5:
            time.sleep(max(0.0, last_failure_at + min(2 ** (failures - 5), 60) - time.time()) + 1.1)
    else:
        pytest.fail("ten wrong codes never locked the account")
    assert checked >= 10 and locks >= 1
    # Locked: even a right, unused code is refused (and looks like a wrong one).
    r = login(client, e, totp_code=e.codes.next())
    assert_problem(r, 401, "invalid_credentials")
    assert mfa_row(server, user_id)[2] > time.time() + 60
