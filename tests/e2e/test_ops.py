"""Operations: health/ready/metrics, the access log keeps secrets out, configuration errors, the
command line (version, migrate, user create, --help, --config), the generated JWT secret."""

import base64
import re
import subprocess
import time

import jwt
import pytest

from harness import (BIN, JWT_SECRET, PASSWORD, REFRESH_COOKIE, assert_bearer_problem, base_env,
                      find_cookie, free_port, json_lines, metrics, run_cli, unique_email)

SETTINGS = ["listen", "database", "data_dir", "jwt_alg", "jwt_secret", "issuer", "access_ttl",
            "refresh_ttl", "refresh_reuse_grace", "argon2_memory_kib", "argon2_iterations",
            "argon2_parallelism", "cookie_secure", "refresh_cookie_name", "max_body_bytes",
            "io_threads", "worker_threads", "log_level"]


def test_health_is_204(client):
    r = client.get("/health")
    assert r.status_code == 204
    assert r.content == b""


def test_ready_is_200(client):
    r = client.get("/ready")
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ready"}


def total(samples, pred):
    return sum(v for name, vals in samples.items() if pred(name) for _, v in vals)


def test_metrics_count_requests_and_logins(client):
    acct = client.register()
    client.login(acct)
    client.login_raw("wrong password!", email=acct.email)
    client.refresh_raw(acct.refresh)
    text, samples = metrics(client)
    req = [n for n in samples if "request" in n]
    assert req, f"no request metric in {sorted(samples)}"
    assert total(samples, lambda n: "request" in n and not n.endswith(("_bucket", "_sum"))) > 0
    logins = [n for n in samples if "login" in n]
    assert logins, f"no login metric in {sorted(samples)}"
    assert total(samples, lambda n: "login" in n and not n.endswith(("_bucket", "_sum"))) >= 1
    assert [n for n in samples if "refresh" in n], f"no refresh metric in {sorted(samples)}"
    assert [n for n in samples if n.endswith("_bucket")], "no latency histogram"
    assert [n for n in samples if "queue" in n], f"no hash queue depth metric in {sorted(samples)}"
    assert [n for n in samples if "login" in n and ("fail" in n or 'fail' in str(samples[n]))], \
        "no login failure count"
    # requests are labelled by route and status
    assert re.search(r'status="?(200|201)"?', text) or re.search(r'code="?(200|201)"?', text), \
        "no status label"


def test_metrics_counters_grow(client):
    _, before = metrics(client)
    acct = client.register()
    client.login(acct)
    _, after = metrics(client)
    pred = lambda n: "login" in n and not n.endswith(("_bucket", "_sum"))  # noqa: E731
    assert total(after, pred) > total(before, pred)


def test_log_is_json_and_contains_no_secrets(start_server):
    srv = start_server()
    c = srv.client
    secrets = {"jwt secret": JWT_SECRET, "jwt secret b64": base64.b64encode(JWT_SECRET.encode()).decode()}
    pw1, pw2, wrong = "first-Secret-Passphrase-1", "second-Secret-Passphrase-2", "Wrong-Guess-Passphrase-3"
    secrets.update(pw1=pw1, pw2=pw2, wrong=wrong)
    acct = c.register(password=pw1, username="loguser")
    tokens = [acct.access, acct.refresh]
    c.login_raw(wrong, email=acct.email)
    a2 = c.login(acct)
    tokens += [a2.access, a2.refresh]
    r = c.refresh_raw(a2.refresh)
    tokens += [r.json()["access_token"], r.json()["refresh_token"]]
    r = c.login_raw(pw1, email=acct.email, cookie=True)
    ck = find_cookie(r, REFRESH_COOKIE)[0]
    tokens += [r.json()["access_token"], ck]
    r = c.post("/v1/auth/refresh", json={"cookie": True},
               headers={"Cookie": f"{REFRESH_COOKIE}={ck}"})
    tokens += [r.json()["access_token"], find_cookie(r, REFRESH_COOKIE)[0]]
    c.profile(acct.access)
    c.get("/v1/me/sessions", token=acct.access)
    c.post("/v1/me/password", token=acct.access, json={"old_password": pw1, "new_password": pw2})
    c.post("/v1/auth/logout", token=acct.access)
    c.refresh_raw(acct.refresh)  # dead token presented again
    srv.stop_clean()            # flush
    log = srv.read_log()
    assert log.strip(), "the server wrote no log at all"
    for name, value in secrets.items():
        assert value not in log, f"{name} appears in the log"
    for i, t in enumerate(tokens):
        assert t not in log, f"token #{i} appears in the log"
        if t.count(".") == 2:
            assert t.split(".")[2] not in log, f"signature of access token #{i} appears in the log"
    lines = json_lines(log)
    assert lines, "no JSON log lines"
    assert any("/v1/auth/login" in str(v) for line in lines for v in line.values()), \
        "no access-log line for /v1/auth/login"


# ------------------------------------------------------------------------- configuration errors

def start_expect_failure(tmp_path, env=None, listen=None, extra_args=()):
    port = free_port()
    cmd = [BIN, "serve", "--listen", listen or f"127.0.0.1:{port}",
           "--database", f"sqlite:{tmp_path}/portcullis.db", "--data-dir", str(tmp_path), *extra_args]
    try:
        p = subprocess.run(cmd, env=base_env(env), capture_output=True, text=True, timeout=20,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("server started (did not exit) despite a bad setting")
    return p


BAD = [
    ("jwt_alg", {"PORTCULLIS_JWT_ALG": "none"}, None),
    ("jwt_alg", {"PORTCULLIS_JWT_ALG": "HS1024"}, None),
    ("jwt_secret", {"PORTCULLIS_JWT_SECRET": "too-short-secret"}, None),
    ("jwt_secret", {"PORTCULLIS_JWT_SECRET": "x" * 31}, None),
    ("listen", None, "localhost"),
    ("listen", None, "127.0.0.1:99999"),
    ("listen", None, "127.0.0.1:notaport"),
    ("access_ttl", {"PORTCULLIS_ACCESS_TTL": "soon"}, None),
    ("access_ttl", {"PORTCULLIS_ACCESS_TTL": "-5"}, None),
    ("database", {"PORTCULLIS_DATABASE": "mysql://db"}, None),
    ("argon2_memory_kib", {"PORTCULLIS_ARGON2_MEMORY_KIB": "lots"}, None),
    ("cookie_secure", {"PORTCULLIS_COOKIE_SECURE": "perhaps"}, None),
    ("max_body_bytes", {"PORTCULLIS_MAX_BODY_BYTES": "-1"}, None),
]


@pytest.mark.parametrize("setting,env,listen", BAD,
                         ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(BAD)])
def test_bad_setting_exits_nonzero_naming_it(tmp_path, setting, env, listen):
    if setting == "database":
        # the flag would win over the variable: pass the bad value as the flag
        p = start_expect_failure_db(tmp_path, env["PORTCULLIS_DATABASE"])
    else:
        p = start_expect_failure(tmp_path, env=env, listen=listen)
    assert p.returncode != 0, f"exit status 0 for a bad {setting}: {p.stderr}"
    err = p.stderr.lower().replace("-", "_")
    assert setting in err, f"stderr does not name {setting}: {p.stderr!r}"
    assert len(p.stderr.strip().splitlines()) <= 3, f"expected one clear line: {p.stderr!r}"


def start_expect_failure_db(tmp_path, database):
    port = free_port()
    cmd = [BIN, "serve", "--listen", f"127.0.0.1:{port}", "--database", database,
           "--data-dir", str(tmp_path)]
    try:
        return subprocess.run(cmd, env=base_env(), capture_output=True, text=True, timeout=20,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("server started (did not exit) despite a bad database")


def test_listen_port_in_use_fails(server, tmp_path):
    p = start_expect_failure(tmp_path, listen=f"127.0.0.1:{server.port}")
    assert p.returncode != 0
    assert p.stderr.strip()


# ------------------------------------------------------------------------- command line

def test_version(tmp_path):
    p = run_cli(["version"])
    assert p.returncode == 0, p.stderr
    assert re.search(r"\d+\.\d+", p.stdout), p.stdout


def test_help_lists_every_setting():
    text = ""
    for args in (["--help"], ["serve", "--help"]):
        p = run_cli(args)
        text += p.stdout + p.stderr
    norm = text.lower().replace("-", "_")
    missing = [s for s in SETTINGS if s not in norm]
    assert not missing, f"--help does not list {missing}"


def test_migrate_is_idempotent_and_serve_uses_the_database(tmp_path, start_server):
    d = tmp_path / "migrated"
    d.mkdir()
    for _ in range(2):
        p = run_cli(["migrate", "--database", f"sqlite:{d}/portcullis.db"])
        assert p.returncode == 0, p.stderr
    assert (d / "portcullis.db").exists()
    srv = start_server(data_dir=d)
    srv.client.register()


def test_user_create_then_login(start_server):
    srv = start_server()
    email = unique_email("admin")
    env = base_env({"PORTCULLIS_DATABASE": srv.database, "PORTCULLIS_DATA_DIR": str(srv.data_dir)})
    p = run_cli(["user", "create", "--email", email, "--role", "admin"], env=env,
                input_="admin passphrase 123\n")
    assert p.returncode == 0, f"user create: {p.returncode} {p.stdout} {p.stderr}"
    assert "admin passphrase 123" not in p.stdout + p.stderr
    r = srv.client.login_raw("admin passphrase 123", email=email)
    assert r.status_code == 200, r.text
    # --role is the operator's right over the instance, apart from any company role; the account
    # owns the company created for it, as a registration's would.
    assert r.json()["user"]["instance_role"] == "admin"
    assert r.json()["user"]["role"] == "owner"
    claims = jwt.decode(r.json()["access_token"], JWT_SECRET, algorithms=["HS256"])
    assert claims["role"] == "owner"
    assert claims["cid"]
    # the same email again is refused
    p = run_cli(["user", "create", "--email", email, "--role", "admin"], env=env,
                input_="admin passphrase 456\n")
    assert p.returncode != 0
    # and a weak password is refused
    p = run_cli(["user", "create", "--email", unique_email("weak"), "--role", "admin"], env=env,
                input_="short\n")
    assert p.returncode != 0
    # --role names an instance role: "user" is one, a company role is not
    plain = unique_email("plain")
    p = run_cli(["user", "create", "--email", plain, "--role", "user"], env=env,
                input_="plain passphrase 123\n")
    assert p.returncode == 0, p.stderr
    r = srv.client.login_raw("plain passphrase 123", email=plain)
    assert r.status_code == 200 and r.json()["user"]["instance_role"] == "user", r.text
    for company_role in ("owner", "member"):
        p = run_cli(["user", "create", "--email", unique_email(company_role), "--role",
                     company_role], env=env, input_="some passphrase 123\n")
        assert p.returncode != 0, company_role


def test_user_create_before_first_serve(tmp_path, start_server):
    d = tmp_path / "fresh"
    d.mkdir()
    email = unique_email("first")
    env = base_env({"PORTCULLIS_DATABASE": start_server.database(d), "PORTCULLIS_DATA_DIR": str(d)})
    p = run_cli(["user", "create", "--email", email, "--role", "admin"], env=env,
                input_=PASSWORD + "\n")
    assert p.returncode == 0, f"user create: {p.returncode} {p.stdout} {p.stderr}"
    srv = start_server(data_dir=d)
    r = srv.client.login_raw(PASSWORD, email=email)
    assert r.status_code == 200, r.text


def test_settings_from_toml_file(tmp_path, start_server):
    cfg = tmp_path / "portcullis.toml"
    cfg.write_text('access_ttl = 321\nissuer = "toml-issuer"\n')
    srv = start_server(args=["--config", str(cfg)])
    acct = srv.client.register()
    assert acct.body["expires_in"] == 321
    claims = jwt.decode(acct.access, JWT_SECRET, algorithms=["HS256"], issuer="toml-issuer")
    assert claims["exp"] - claims["iat"] == 321


def test_settings_from_flags(tmp_path, start_server):
    """Flags are spelled --access-ttl or --access_ttl; either is accepted here."""
    helps = "".join(p.stdout + p.stderr for p in (run_cli(["--help"]), run_cli(["serve", "--help"])))
    for flag in ("--access-ttl", "--access_ttl"):
        if flag in helps:
            srv = start_server(args=[flag, "77"])
            assert srv.client.register().body["expires_in"] == 77
            return
    pytest.fail("--help lists no access-ttl flag")


# ------------------------------------------------------------------------- generated secret

def test_generated_secret_persists_across_restart(start_server):
    srv = start_server(secret=None)
    acct = srv.client.register()
    assert jwt.get_unverified_header(acct.access)["alg"] == "HS256"
    srv.restart()
    assert srv.client.profile(acct.access).status_code == 200
    r = srv.client.refresh_raw(acct.refresh)
    assert r.status_code == 200, r.text
    # a second server with its own data directory generated a different secret
    other = start_server(secret=None)
    assert_bearer_problem(other.client.profile(acct.access), "token_invalid")
    assert acct.access.split(".")[2] not in other.read_log()


def test_generated_secret_warning_is_logged(start_server):
    srv = start_server(secret=None)
    time.sleep(0.2)
    log = srv.read_log().lower()
    assert "secret" in log and ("generat" in log or "warn" in log), log[-2000:]
