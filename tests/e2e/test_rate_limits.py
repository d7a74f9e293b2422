"""Rate limits end to end: each named limit answers 429 rate_limited with Retry-After once reached,
before any password hashing (the argon2 executor's accepted-task counter does not move); a failing
attacker cannot lock the real user out; trusted_proxies decides whose X-Forwarded-For is believed;
max_sessions_per_user revokes the oldest session at once. Every server here sets the limits under
test (the harness raises all of them out of reach otherwise)."""

import time

from harness import PASSWORD, assert_problem, metric, unique_email

LIMIT = "PORTCULLIS_RATE_LIMITS__"
DEFAULT_LOGIN_LIMITS = {LIMIT + "LOGIN_FAILURES_PER_ACCOUNT_IP": "10/15m",
                        LIMIT + "LOGIN_FAILURES_PER_ACCOUNT": "100/15m"}


def limits(**kw):
    return {LIMIT + k.upper(): v for k, v in kw.items()}


def argon2_tasks(server):
    return int(metric(server.client, "portcullis_executor_accepted_total", '{executor="argon2"}'))


def assert_rate_limited(r, longest):
    assert_problem(r, 429, "rate_limited")
    retry_after = int(r.headers["Retry-After"])
    assert 1 <= retry_after <= longest, r.headers


def from_ip(ip):
    return {"X-Forwarded-For": ip}


def login_from(client, acct, ip, password=None):
    body = {"email": acct.email, "password": password or acct.password}
    return client.post("/v1/auth/login", json=body, headers=from_ip(ip))


def test_login_per_ip_refuses_before_hashing(start_server):
    srv = start_server(env=limits(login_per_ip="3/1m"))
    c = srv.client
    acct = c.register()
    c.login(acct)
    assert c.login_raw("wrong password", email=acct.email).status_code == 401
    c.login(acct)
    before = argon2_tasks(srv)
    assert_rate_limited(c.login_raw(acct.password, email=acct.email), 60)
    assert_rate_limited(c.login_raw("wrong", email="nobody@example.com"), 60)
    assert argon2_tasks(srv) == before  # a refused login queued no hash
    # Other routes are not limited by it.
    assert c.profile(acct.access).status_code == 200


def test_register_per_ip(start_server):
    srv = start_server(env=limits(register_per_ip="2/1h"))
    c = srv.client
    c.register()
    c.register()
    before = argon2_tasks(srv)
    assert_rate_limited(c.register_raw(), 3600)
    assert argon2_tasks(srv) == before


def test_refresh_per_ip(start_server):
    srv = start_server(env=limits(refresh_per_ip="2/1m"))
    c = srv.client
    acct = c.register()
    for _ in range(2):
        r = c.refresh_raw(acct.refresh)
        assert r.status_code == 200, r.text
        acct.update(r.json())
    assert_rate_limited(c.refresh_raw(acct.refresh), 60)


def test_attacker_failing_does_not_lock_out_the_real_user(start_server):
    srv = start_server(env={**DEFAULT_LOGIN_LIMITS, "PORTCULLIS_TRUSTED_PROXIES": "127.0.0.1"})
    c = srv.client
    acct = c.register()
    statuses = [login_from(c, acct, "198.51.100.66", "not the password").status_code
                for _ in range(50)]
    assert statuses[:10] == [401] * 10, statuses
    assert set(statuses[10:]) == {429}, statuses
    before = argon2_tasks(srv)
    # The attacker's pair stays refused even with the right password, and hashes nothing.
    assert_rate_limited(login_from(c, acct, "198.51.100.66"), 900)
    assert argon2_tasks(srv) == before
    # The real user, from elsewhere, logs in at once.
    r = login_from(c, acct, "203.0.113.5")
    assert r.status_code == 200, r.text


def test_an_ipv6_slash64_is_one_address_for_the_limits(start_server):
    """One host holds a whole /64: spreading requests over its addresses does not multiply the
    limit, while the next /64 is another subject."""
    srv = start_server(env={**limits(register_per_ip="2/1h"),
                            "PORTCULLIS_TRUSTED_PROXIES": "127.0.0.1"})
    c = srv.client

    def register_from(ip):
        return c.post("/v1/auth/register", headers=from_ip(ip),
                      json={"email": unique_email(), "password": PASSWORD})

    assert register_from("2001:db8:5:6::1").status_code == 201
    assert register_from("2001:db8:5:6:ffff:ffff:ffff:fffe").status_code == 201
    assert_rate_limited(register_from("2001:db8:5:6:1234::42"), 3600)
    assert register_from("2001:db8:5:7::1").status_code == 201  # the neighbouring /64
    # An IPv4-mapped address is its IPv4 address.
    assert register_from("203.0.113.70").status_code == 201
    assert register_from("::ffff:203.0.113.70").status_code == 201
    assert_rate_limited(register_from("203.0.113.70"), 3600)


def test_beyond_the_account_ceiling_failed_pairs_trickle(start_server):
    srv = start_server(env={**limits(login_failures_per_account_ip="3/15m",
                                     login_failures_per_account="4/15m"),
                            "PORTCULLIS_TRUSTED_PROXIES": "127.0.0.1"})
    c = srv.client
    acct = c.register()
    for i in range(4):
        assert login_from(c, acct, f"198.51.100.{i}", "wrong").status_code == 401
    # Five quick attempts from pairs that have failed: at most one per second gets through.
    statuses = [login_from(c, acct, f"198.51.100.{i % 4}", "wrong") for i in range(5)]
    refused = [r for r in statuses if r.status_code == 429]
    assert len(refused) >= 3, [r.status_code for r in statuses]
    assert refused[0].headers["Retry-After"] == "1"
    # A pair that never failed is not slowed.
    for _ in range(3):
        assert login_from(c, acct, "203.0.113.5").status_code == 200


def test_step_up_failures_per_session(start_server):
    srv = start_server(env=limits(step_up_failures_per_session="2/15m"))
    c = srv.client
    acct = c.register()
    for _ in range(2):
        r = c.post("/v1/auth/step-up", json={"password": "wrong"}, token=acct.access)
        assert r.status_code == 401, r.text
    before = argon2_tasks(srv)
    r = c.post("/v1/auth/step-up", json={"password": PASSWORD}, token=acct.access)
    assert_rate_limited(r, 900)
    assert argon2_tasks(srv) == before
    # Another session of the same user may still step up.
    other = c.login(acct)
    r = c.post("/v1/auth/step-up", json={"password": PASSWORD}, token=other.access)
    assert r.status_code == 200, r.text


def test_password_change_failures_per_account(start_server):
    srv = start_server(env=limits(password_change_failures_per_account="2/15m"))
    c = srv.client
    acct = c.register()
    body = {"old_password": "wrong", "new_password": "a new passphrase 123"}
    for _ in range(2):
        assert c.post("/v1/me/password", json=body, token=acct.access).status_code == 401
    before = argon2_tasks(srv)
    body["old_password"] = PASSWORD
    assert_rate_limited(c.post("/v1/me/password", json=body, token=acct.access), 900)
    assert argon2_tasks(srv) == before


def test_disabled_limits_refuse_nothing(start_server):
    srv = start_server(env={**limits(login_per_ip="1/1m"), LIMIT + "ENABLED": "false"})
    c = srv.client
    acct = c.register()
    for _ in range(3):
        c.login(acct)


def test_forwarded_for_is_believed_only_from_trusted_proxies(start_server):
    trusting = start_server(env={**limits(login_per_ip="2/1m"),
                                 "PORTCULLIS_TRUSTED_PROXIES": "127.0.0.0/8,::1"})
    c = trusting.client
    acct = c.register()
    for _ in range(2):
        assert login_from(c, acct, "198.51.100.1").status_code == 200
    assert_rate_limited(login_from(c, acct, "198.51.100.1"), 60)
    # A forged left entry does not help: the right-most untrusted address counts.
    assert_rate_limited(login_from(c, acct, "203.0.113.9, 198.51.100.1"), 60)
    assert login_from(c, acct, "198.51.100.2").status_code == 200  # another client
    r = c.post("/v1/auth/login", json={"email": acct.email, "password": acct.password},
               headers={"Forwarded": 'for="[2001:db8::7]:443";proto=https'})
    assert r.status_code == 200, r.text
    sessions = c.sessions(r.json()["access_token"])
    assert "2001:db8::7" in {s.get("ip") for s in sessions}, sessions

    plain = start_server(env=limits(login_per_ip="2/1m"))
    c = plain.client
    acct = c.register()
    assert login_from(c, acct, "198.51.100.1").status_code == 200
    assert login_from(c, acct, "198.51.100.2").status_code == 200
    assert_rate_limited(login_from(c, acct, "198.51.100.3"), 60)  # all of them are 127.0.0.1


def test_bad_limit_values_stop_the_start(start_server):
    from harness import run_cli, base_env
    for value in ("100", "100/1w", "0/1m", "many/1m"):
        p = run_cli(["settings"], env=base_env({LIMIT + "LOGIN_PER_IP": value}))
        assert p.returncode == 2, (value, p.stdout, p.stderr)
        assert "rate_limits.login_per_ip" in p.stderr and "N/WINDOW" in p.stderr, p.stderr
    p = run_cli(["settings"], env=base_env({"PORTCULLIS_TRUSTED_PROXIES": "10.0.0.0/33"}))
    assert p.returncode == 2 and "trusted_proxies" in p.stderr, p.stderr


def test_max_sessions_per_user_revokes_the_oldest_at_once(start_server):
    srv = start_server(env={"PORTCULLIS_MAX_SESSIONS_PER_USER": "3"})
    c = srv.client
    first = c.register()  # session 1
    opened = [first]
    for _ in range(2):
        time.sleep(1.1)  # sessions are ordered by their creation second
        opened.append(c.login(first))
    assert len(c.sessions(opened[-1].access)) == 3
    time.sleep(1.1)
    fourth = c.login(first)
    r = c.profile(first.access)  # the oldest: revoked, its access token fails at once
    assert r.status_code == 401, r.text
    assert c.refresh_raw(first.refresh).status_code == 401
    for acct in opened[1:] + [fourth]:
        assert c.profile(acct.access).status_code == 200
    assert len(c.sessions(fourth.access)) == 3
