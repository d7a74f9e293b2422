"""Settings per module: the dotted names (TOML tables, PORTCULLIS_A__B variables, --a.b flags) reach
the running server, a former flat name and its new name in one source stop the start, secrets are
never printed, and `portcullis settings --markdown` is what docs/CONFIGURATION.md holds."""

import subprocess

import jwt
import pytest

from harness import (BIN, JWT_SECRET, REFRESH_COOKIE, REPO, base_env, find_cookie, free_port,
                     run_cli)


def expires_in(srv):
    return srv.client.register().body["expires_in"]


def test_dotted_environment_name(start_server):
    srv = start_server(env={"PORTCULLIS_AUTH__ACCESS_TTL": "123"})
    assert expires_in(srv) == 123


@pytest.mark.parametrize("flag", ["--auth.access_ttl", "--auth.access-ttl"])
def test_dotted_flag(start_server, flag):
    srv = start_server(args=[flag, "78"])
    assert expires_in(srv) == 78


def test_toml_tables(tmp_path, start_server):
    cfg = tmp_path / "portcullis.toml"
    cfg.write_text('[auth]\naccess_ttl = 222\nissuer = "table-issuer"\n'
                   '[cookie]\nname = "pc_table"\nsecure = false\n')
    srv = start_server(args=["--config", str(cfg)])
    acct = srv.client.register()
    assert acct.body["expires_in"] == 222
    claims = jwt.decode(acct.access, JWT_SECRET, algorithms=["HS256"], issuer="table-issuer")
    assert claims["exp"] - claims["iat"] == 222
    r = srv.client.login_raw(acct.password, email=acct.email, cookie=True)
    assert r.status_code == 200, r.text
    found = find_cookie(r, "pc_table")
    assert found is not None, r.headers
    assert "secure" not in found[1]


def test_later_source_wins_across_old_and_new_names(tmp_path, start_server):
    cfg = tmp_path / "portcullis.toml"
    cfg.write_text("access_ttl = 100\n")  # former name in the file
    srv = start_server(args=["--config", str(cfg)], env={"PORTCULLIS_AUTH__ACCESS_TTL": "200"})
    assert expires_in(srv) == 200
    srv2 = start_server(args=["--config", str(cfg), "--auth.access_ttl", "300"],
                        env={"PORTCULLIS_ACCESS_TTL": "200"})
    assert expires_in(srv2) == 300


def start_expect_failure(tmp_path, env=None, args=()):
    cmd = [BIN, "serve", "--listen", f"127.0.0.1:{free_port()}",
           "--database", f"sqlite:{tmp_path}/portcullis.db", "--data-dir", str(tmp_path), *args]
    try:
        return subprocess.run(cmd, env=base_env(env), capture_output=True, text=True, timeout=20,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("server started despite a bad setting")


@pytest.mark.parametrize("env,args,words", [
    ({"PORTCULLIS_ACCESS_TTL": "5", "PORTCULLIS_AUTH__ACCESS_TTL": "6"}, [], ["auth.access_ttl", "twice"]),
    ({}, ["--io-threads", "2", "--http.io_threads", "3"], ["http.io_threads", "twice"]),
    ({"PORTCULLIS_HTTP__IO_THREADS": "0"}, [], ["http.io_threads", "io_threads",
                                               "PORTCULLIS_HTTP__IO_THREADS"]),
    ({"PORTCULLIS_JWT__SECRET": "short-secret"}, [], ["jwt.secret", "at least 32 bytes"]),
])
def test_bad_dotted_setting_is_one_line_and_exit_2(tmp_path, env, args, words):
    p = start_expect_failure(tmp_path, env=env, args=args)
    assert p.returncode == 2, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert "short-secret" not in p.stderr


def test_settings_command_shows_values_but_never_secrets():
    secret = "a-settings-secret-0123456789-abcdefghijklmnop"
    env = base_env({"PORTCULLIS_JWT_SECRET": secret, "PORTCULLIS_MFA__RECOVERY_KEY": secret,
                    "PORTCULLIS_HTTP__IO_THREADS": "3"})
    p = run_cli(["settings"], env=env)
    assert p.returncode == 0, p.stderr
    assert secret not in p.stdout + p.stderr
    assert "jwt.secret = (set)" in p.stdout
    assert "mfa.recovery_key = (set)" in p.stdout
    assert "http.io_threads = 3" in p.stdout
    helps = "".join(q.stdout + q.stderr for q in (run_cli(["--help"], env=env),
                                                 run_cli(["serve", "--help"], env=env)))
    assert secret not in helps
    assert "PORTCULLIS_AUTH__ACCESS_TTL" in helps and "--auth.access_ttl" in helps


def test_settings_markdown_is_the_documented_reference():
    p = run_cli(["settings", "--markdown"])
    assert p.returncode == 0, p.stderr
    doc = (REPO / "docs" / "CONFIGURATION.md").read_text()
    assert p.stdout in doc, "docs/CONFIGURATION.md differs: run scripts/update-config-docs.sh"


def test_native_prefix_moves_every_route_and_the_cookie_path(start_server):
    srv = start_server(env={"PORTCULLIS_API__NATIVE__PREFIX": "/auth/v2"})
    c = srv.client
    r = c.post("/auth/v2/auth/register",
               json={"email": "prefixed@example.com", "password": "a prefixed passphrase",
                     "cookie": True})
    assert r.status_code == 201, r.text
    value, attrs, _ = find_cookie(r, REFRESH_COOKIE)
    assert attrs.get("path") == "/auth/v2/auth", attrs
    assert c.post("/v1/auth/register", json={"email": "x@example.com", "password": "whatever1"}
                  ).status_code == 404
    r = c.post("/auth/v2/auth/refresh", json={},
               headers={"Cookie": f"{REFRESH_COOKIE}={value}"})
    assert r.status_code == 200, r.text
    access = r.json()["access_token"]
    assert c.get("/auth/v2/me/profile", token=access).json()["email"] == "prefixed@example.com"
    assert c.get("/v1/me/profile", token=access).status_code == 404
    assert c.get("/health").status_code == 204  # operational routes stay at the root


@pytest.mark.parametrize("prefix", ["v1", "/v1/", "/{x}", "/a//b"])
def test_bad_native_prefix_stops_the_start(tmp_path, prefix):
    env = base_env({"PORTCULLIS_API__NATIVE__PREFIX": prefix,
                    "PORTCULLIS_DATA_DIR": str(tmp_path / "data")})
    r = subprocess.run([BIN, "serve", "--listen", f"127.0.0.1:{free_port()}"], env=env,
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "api.native.prefix" in lines[0], r.stderr
