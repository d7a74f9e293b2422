"""End-to-end harness for Portcullis: start the real binary, talk HTTP to it, stop it cleanly.
(The pytest fixtures are in conftest.py; tests import helpers from here.)

Run with Debian's interpreter (it has python3-pytest, -requests, -jwt, -pyotp, -cryptography):

    /usr/bin/python3 -m pytest -q tests/e2e

The binary is $PORTCULLIS_BIN (default build/release/portcullis relative to the repository root).
Every server is started as

    portcullis serve --listen 127.0.0.1:PORT --database sqlite:DIR/portcullis.db --data-dir DIR

(or, when $E2E_DATABASE is a postgres:// URL of a server where its user may create databases,
--database on a fresh database e2e_<random> of that server, created for the Server and dropped
when its pool closes) with settings passed as PORTCULLIS_<NAME> environment variables, on a free port, with a temp data
directory; stdout and stderr go to DIR/server.log. Inherited PORTCULLIS_* variables are dropped
so that the suite is deterministic. By default the Argon2id cost is tiny (64 KiB, 1 iteration) and
the HS256 secret is JWT_SECRET below, so tests can verify tokens with PyJWT.

Sanitizer builds: with PORTCULLIS_BIN pointing at a ThreadSanitizer (or AddressSanitizer) binary,
the caller sets TSAN_OPTIONS=halt_on_error=1 (scripts/test.sh does), so a data race ends the server
with a non-zero status; every server's log is also scanned when it is stopped or killed, and a
sanitizer report there fails the test with the report.
Concurrency-heavy tests carry @pytest.mark.concurrency (`-m concurrency` runs that slice).

Fixtures:
  server          one server per test module (tests in a module share it; use unique emails)
  client          server.client
  start_server    factory: start_server(env={...}, args=[...], secret=None, fast_argon2=False,
                  data_dir=..., wait=True) -> Server; every server it started is stopped at the
                  end of the test with SIGTERM and must exit with status 0.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import pathlib
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import uuid

import pytest
import requests

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("PORTCULLIS_BIN") or str(REPO / "build" / "release" / "portcullis")

JWT_SECRET = "e2e-test-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # 52 bytes, HS256/HS512
FAST_ARGON2 = {"PORTCULLIS_ARGON2_MEMORY_KIB": "64", "PORTCULLIS_ARGON2_ITERATIONS": "1"}
# Every test logs in from 127.0.0.1, many times over, so the default limits (login_per_ip 100/1m,
# ...) would refuse tests that are not about them. Servers therefore start with limiting on but
# every limit raised out of reach; a test about a limit sets it (its env overrides these).
RATE_LIMIT_NAMES = ("login_per_ip", "login_failures_per_account_ip", "login_failures_per_account",
                    "register_per_ip", "refresh_per_ip", "mfa_failures_per_account",
                    "step_up_failures_per_session", "password_change_failures_per_account",
                    "mail_per_address", "mail_per_ip")
GENEROUS_RATE_LIMITS = {f"PORTCULLIS_RATE_LIMITS__{n.upper()}": "1000000000/1s"
                        for n in RATE_LIMIT_NAMES}
USER_AGENT = "portcullis-e2e/1.0"
# The refresh cookie's default name while cookie.secure is on (the default).
REFRESH_COOKIE = "__Secure-portcullis_refresh"
PASSWORD = "correct horse battery staple"
# Lines a sanitizer runtime prints at the start of a report.
SANITIZER_MARKERS = ("WARNING: ThreadSanitizer", "ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error: ")
# A postgres:// URL: every server gets a fresh database on that PostgreSQL server (see Server).
E2E_DATABASE = os.environ.get("E2E_DATABASE", "")
ON_POSTGRES = E2E_DATABASE.startswith(("postgres://", "postgresql://"))
START_TIMEOUT = float(os.environ.get("PORTCULLIS_E2E_START_TIMEOUT", "30"))
STOP_TIMEOUT = float(os.environ.get("PORTCULLIS_E2E_STOP_TIMEOUT", "20"))


def require_binary():
    if not (os.path.isfile(BIN) and os.access(BIN, os.X_OK)):
        pytest.fail(f"portcullis binary not found at {BIN} (build it or set PORTCULLIS_BIN)",
                    pytrace=False)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unique(prefix="u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def unique_email(prefix="user") -> str:
    return f"{unique(prefix)}@example.com"


def base_env(extra=None, secret=JWT_SECRET, fast_argon2=True) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTCULLIS_")}
    # A ThreadSanitizer binary exits non-zero at its first report (no effect on other builds).
    env.setdefault("TSAN_OPTIONS", "halt_on_error=1")
    if fast_argon2:
        env.update(FAST_ARGON2)
    env.update(GENEROUS_RATE_LIMITS)
    if secret is not None:
        env["PORTCULLIS_JWT_SECRET"] = secret
    for k, v in (extra or {}).items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = str(v)
    return env


# --------------------------------------------------------------------------------------------
# problem+json assertions


def assert_problem(r, status, type_=None, field=None):
    """Asserts r is an RFC 7807-style problem with the given status (and type/field); returns it."""
    where = f"{r.request.method} {r.request.path_url}"
    assert r.status_code == status, f"{where}: expected {status}, got {r.status_code}: {r.text[:500]}"
    ct = r.headers.get("Content-Type", "")
    assert ct.split(";")[0].strip().lower() == "application/problem+json", \
        f"{where}: problem content-type expected, got {ct!r}"
    body = r.json()
    assert isinstance(body, dict), body
    assert isinstance(body.get("type"), str) and body["type"], body
    assert isinstance(body.get("title"), str) and body["title"], body
    assert body.get("status") == status, body
    assert isinstance(body.get("detail"), str), body
    if type_ is not None:
        assert body["type"] == type_, f"{where}: type {body['type']!r} != {type_!r}: {body}"
    if field is not None:
        assert body.get("field") == field, f"{where}: field {body.get('field')!r} != {field!r}: {body}"
    return body


def assert_bearer_problem(r, type_):
    body = assert_problem(r, 401, type_)
    www = r.headers.get("WWW-Authenticate", "")
    assert www.lower().startswith("bearer"), f"WWW-Authenticate: Bearer expected, got {www!r}"
    return body


def set_cookies(r) -> list[str]:
    """All raw Set-Cookie header values of a response."""
    return list(r.raw.headers.getlist("Set-Cookie"))


def parse_set_cookie(value: str):
    """'n=v; HttpOnly; Path=/x' -> (name, value, {lower attr name: value or True})."""
    parts = [p.strip() for p in value.split(";")]
    name, _, val = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        if not p:
            continue
        k, eq, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip() if eq else True
    return name.strip(), val.strip(), attrs


def find_cookie(r, name):
    for v in set_cookies(r):
        n, val, attrs = parse_set_cookie(v)
        if n == name:
            return val, attrs, v
    return None


# --------------------------------------------------------------------------------------------
# HTTP client


class Account:
    """A registered user and its latest token pair."""

    def __init__(self, email, password, body, username=None):
        self.email = email
        self.password = password
        self.username = username
        self.update(body)

    def update(self, body):
        self.body = body
        self.user = body.get("user")
        self.access = body.get("access_token")
        self.refresh = body.get("refresh_token")
        return self

    @property
    def auth(self):
        return {"Authorization": f"Bearer {self.access}"}


class Client:
    """Small HTTP helper bound to a Server (follows it across restarts)."""

    def __init__(self, server):
        self.server = server
        self.http = self.new_session()

    @staticmethod
    def new_session():
        s = requests.Session()
        # never store or replay cookies: cookie tests send them explicitly
        s.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        s.headers["User-Agent"] = USER_AGENT
        return s

    @property
    def base(self):
        return self.server.url

    def request(self, method, path, *, json=None, token=None, headers=None, data=None,
                session=None, timeout=30, **kw):
        h = {}
        if token is not None:
            h["Authorization"] = f"Bearer {token}"
        if headers:
            h.update(headers)
        s = session or self.http
        return s.request(method, self.base + path, json=json, data=data, headers=h,
                         timeout=timeout, allow_redirects=False, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # --- flows

    def register_raw(self, email=None, password=PASSWORD, **extra):
        body = {"email": email if email is not None else unique_email(), "password": password}
        body.update(extra)
        return self.post("/v1/auth/register", json=body)

    def register(self, email=None, password=PASSWORD, **extra) -> Account:
        email = email if email is not None else unique_email()
        r = self.register_raw(email, password, **extra)
        assert r.status_code == 201, f"register {email}: {r.status_code} {r.text[:500]}"
        return Account(email, password, r.json(), username=extra.get("username"))

    def login_raw(self, password=PASSWORD, *, email=None, username=None, **extra):
        body = {"password": password}
        if email is not None:
            body["email"] = email
        if username is not None:
            body["username"] = username
        body.update(extra)
        return self.post("/v1/auth/login", json=body)

    def login(self, acct: Account, **extra) -> Account:
        """A new session for acct (returns a new Account object for it)."""
        r = self.login_raw(acct.password, email=acct.email, **extra)
        assert r.status_code == 200, f"login {acct.email}: {r.status_code} {r.text[:500]}"
        return Account(acct.email, acct.password, r.json(), username=acct.username)

    def refresh_raw(self, refresh_token, **extra):
        return self.post("/v1/auth/refresh", json={"refresh_token": refresh_token, **extra})

    def profile(self, token):
        return self.get("/v1/me/profile", token=token)

    def sessions(self, token):
        r = self.get("/v1/me/sessions", token=token)
        assert r.status_code == 200, r.text
        return r.json()["sessions"]


# --------------------------------------------------------------------------------------------
# PostgreSQL databases for servers (E2E_DATABASE)


def postgres_url(dbname):
    """E2E_DATABASE with its database name replaced by `dbname`."""
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(E2E_DATABASE)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def psql(sql, dbname=None, args=()):
    """Runs `sql` with psql on E2E_DATABASE (or its database `dbname`); returns stdout."""
    url = postgres_url(dbname) if dbname else E2E_DATABASE
    p = subprocess.run(["psql", url, "-X", "-qAt", "-v", "ON_ERROR_STOP=1", *args, "-c", sql],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"psql: {p.stderr}"
    return p.stdout


def sql_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def postgres_rows(dbname, sql, params=()):
    """Rows of `sql` (`?` placeholders, bound in order) as tuples: integers as int, NULL as None."""
    parts = sql.split("?")
    assert len(parts) == len(params) + 1, "one parameter per ?"
    text = parts[0] + "".join(sql_literal(v) + rest for v, rest in zip(params, parts[1:]))
    out = psql(text, dbname, args=["-F", "\x1f", "-P", "null=\x1e"])

    def value(cell):
        if cell == "\x1e":
            return None
        return int(cell) if cell.lstrip("-").isdigit() else cell

    return [tuple(value(c) for c in line.split("\x1f")) for line in out.splitlines()]


def create_postgres_database():
    name = f"e2e_{uuid.uuid4().hex[:16]}"
    psql(f"CREATE DATABASE {name}")
    return name


def drop_postgres_database(name):
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --------------------------------------------------------------------------------------------
# server process


class Server:
    def __init__(self, data_dir: pathlib.Path, env: dict, args=(), name="server",
                 postgres_db=None, database=None):
        self.data_dir = pathlib.Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.env = env
        self.args = list(args)
        self.log_path = self.data_dir / f"{name}.log"
        self.proc = None
        self.port = None
        self.client = Client(self)
        # On E2E_DATABASE's server: the database of its data directory (ServerPool.database).
        self.postgres_db = postgres_db
        self.database_override = database  # a --database the test chose

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self):
        if self.database_override:
            return self.database_override
        if self.postgres_db:
            return postgres_url(self.postgres_db)
        return f"sqlite:{self.data_dir / 'portcullis.db'}"

    def query(self, sql, params=()):
        """Rows of `sql` (`?` placeholders) read from this server's database, whichever backend;
        the server may be running."""
        if self.postgres_db:
            return postgres_rows(self.postgres_db, sql, params)
        db = sqlite3.connect(f"file:{self.data_dir / 'portcullis.db'}?mode=ro", uri=True,
                             timeout=10)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def table_names(self):
        if self.postgres_db:
            return [t for (t,) in self.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        return [t for (t,) in self.query("select name from sqlite_master where type='table'")]

    def database_files(self):
        """SQLite: the database's files that exist (main, -wal, -journal); PostgreSQL: none."""
        if self.postgres_db:
            return []
        base = self.data_dir / "portcullis.db"
        return [p for p in (base, pathlib.Path(f"{base}-wal"), pathlib.Path(f"{base}-journal"))
                if p.exists()]

    def database_bytes(self):
        """Everything the database holds, as bytes: SQLite's files; PostgreSQL's pg_dump (every
        row of every table as text)."""
        if self.postgres_db:
            p = subprocess.run(["pg_dump", "--data-only", postgres_url(self.postgres_db)],
                               capture_output=True, timeout=60)
            assert p.returncode == 0, p.stderr
            return p.stdout
        return b"".join(p.read_bytes() for p in self.database_files())


    def command(self, port):
        return [BIN, "serve", "--listen", f"127.0.0.1:{port}", "--database", self.database,
                "--data-dir", str(self.data_dir), *self.args]

    def start(self, wait=True):
        require_binary()
        last = None
        for _attempt in range(3):  # a free port can be taken between probe and bind: retry
            self.port = free_port()
            with open(self.log_path, "ab") as log:
                log.write(f"\n=== start {time.strftime('%H:%M:%S')} port {self.port}\n".encode())
                log.flush()
                self.proc = subprocess.Popen(self.command(self.port), env=self.env,
                                             stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL)
            if not wait:
                return self
            last = self.wait_ready()
            if last is None:
                return self
            if "in use" not in self.read_log().lower():
                break
        pytest.fail(f"server did not become ready: {last}\n--- log ---\n{self.read_log()[-4000:]}",
                    pytrace=False)

    def wait_ready(self, timeout=START_TIMEOUT):
        """None when GET /health answers 204; else a reason."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                return f"exited with status {rc}"
            try:
                r = requests.get(self.url + "/health", timeout=1)
                if r.status_code == 204:
                    return None
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.proc.kill()
        self.proc.wait()
        return f"no 204 from /health within {timeout}s"

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=STOP_TIMEOUT):
        """Sends sig and waits; returns the exit status (kills and fails on timeout)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                pytest.fail(f"server did not exit within {timeout}s after signal {sig}",
                            pytrace=False)
        return self.proc.returncode

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop_clean(self):
        """SIGTERM, and assert the process exited with status 0."""
        if self.proc is None:
            return
        was_running = self.proc.poll() is None
        rc = self.stop()
        if was_running:
            assert rc == 0, f"server exited with status {rc} after SIGTERM\n{self.read_log()[-3000:]}"

    def restart(self):
        self.stop_clean()
        return self.start()

    def read_log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def sanitizer_report(self):
        """The first sanitizer report in the log (at most 6000 chars of it), or None."""
        text = self.read_log()
        starts = [i for i in (text.find(m) for m in SANITIZER_MARKERS) if i >= 0]
        if not starts:
            return None
        start = text.rfind("\n", 0, min(starts)) + 1
        end = text.find("\n==================", start)  # TSan and ASan close a report so
        return text[start:end if 0 <= end - start < 6000 else start + 6000]

    def assert_no_sanitizer_report(self):
        report = self.sanitizer_report()
        assert report is None, f"sanitizer report in {self.log_path}:\n{report}"


class ServerPool:
    def __init__(self, tmp_factory):
        self.tmp_factory = tmp_factory
        self.servers = []
        self.postgres_dbs = {}  # data directory -> its database on E2E_DATABASE's server

    def database(self, data_dir):
        """The --database of servers on `data_dir`: sqlite:DIR/portcullis.db, or (E2E_DATABASE)
        a fresh PostgreSQL database made for that directory, shared by every server on it."""
        key = str(pathlib.Path(data_dir).resolve())
        if not ON_POSTGRES:
            return f"sqlite:{pathlib.Path(data_dir) / 'portcullis.db'}"
        if key not in self.postgres_dbs:
            self.postgres_dbs[key] = create_postgres_database()
        return postgres_url(self.postgres_dbs[key])

    def __call__(self, env=None, args=(), secret=JWT_SECRET, fast_argon2=True, data_dir=None,
                 wait=True, name="server", database=None):
        d = pathlib.Path(data_dir) if data_dir else self.tmp_factory()
        if database is None:
            self.database(d)
        s = Server(d, base_env(env, secret=secret, fast_argon2=fast_argon2), args, name=name,
                   postgres_db=self.postgres_dbs.get(str(d.resolve())), database=database)
        self.servers.append(s)
        return s.start(wait=wait)

    def close(self):
        errors = []
        for s in self.servers:
            try:
                s.stop_clean()
            except AssertionError as e:  # stop them all, then report
                errors.append(str(e))
            except pytest.fail.Exception as e:
                errors.append(str(e))
            report = s.sanitizer_report()  # also for servers a test killed with -9
            if report is not None:
                errors.insert(0, f"sanitizer report in {s.log_path}:\n{report}")
        for name in self.postgres_dbs.values():
            drop_postgres_database(name)
        self.postgres_dbs.clear()
        assert not errors, "\n".join(errors)


def run_cli(args, env=None, input_=None, timeout=60):
    require_binary()
    return subprocess.run([BIN, *args], env=env if env is not None else base_env(), input=input_,
                          capture_output=True, text=True, timeout=timeout)


def run_concurrently(fn, n, *args):
    """Runs fn(i, *args) in n threads released together by a barrier; returns results in order
    (an exception is returned as its value)."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            results[i] = fn(i, barrier, *args)
        except Exception as e:  # noqa: BLE001 - reported by the caller
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def json_lines(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                v = json.loads(line)
            except ValueError:
                continue
            if isinstance(v, dict):
                out.append(v)
    return out


def refused_within(client, access, seconds):
    """Seconds until GET /v1/me/profile with `access` answers 401 on `client`, or None after
    `seconds` (every answer before must be 200)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        r = client.profile(access)
        if r.status_code == 401:
            return time.monotonic() - start
        assert r.status_code == 200, r.text
        time.sleep(0.01)
    return None


def metrics(client):
    """GET /metrics, checked to be Prometheus text: (text, {name: [(labels, value), ...]})."""
    r = client.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain"), r.headers["Content-Type"]
    samples = {}
    for line in r.text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line)
        assert m, f"not Prometheus text: {line!r}"
        samples.setdefault(m.group(1), []).append((m.group(2) or "", float(m.group(3))))
    return r.text, samples


def metric(client, name, labels=""):
    """The value of the sample `name` with exactly `labels` (e.g. '{executor="argon2"}')."""
    _, samples = metrics(client)
    values = [v for l, v in samples.get(name, []) if l == labels]
    assert values, f"{name}{labels} missing from /metrics"
    return values[0]
