"""Revocation beyond this process: a session revoked in the database by someone else (another
node, another process) stops working here within `revocation_poll`; with Redis, a logout on one
node is refused on the other at once through the broadcast; Redis down leaves nodes ready, with the
poll as the fallback and /metrics saying so.

Two nodes share one PostgreSQL database and one data directory, so those tests run in the
PostgreSQL pass (E2E_DATABASE); SQLite serves one node (test_a_second_server_on_one_sqlite_file_*).
The two-node suite proper is test_two_nodes.py."""

import re
import subprocess
import time

import jwt
import pytest

from harness import ON_POSTGRES, assert_bearer_problem, metric, psql, refused_within
from redis_process import RedisProcess, shared_redis_url


def sid(access):
    return jwt.decode(access, options={"verify_signature": False})["sid"]




def redis_up(client):
    return metric(client, "portcullis_redis_up")


@pytest.fixture
def redis():
    r = RedisProcess().start()
    yield r
    r.stop()


def test_a_revocation_written_to_the_database_by_another_process_applies_within_the_poll(
        start_server):
    server = start_server(env={"PORTCULLIS_REVOCATION_POLL": "1"})
    acct = server.client.register()
    assert server.client.profile(acct.access).status_code == 200
    # Another process (the sqlite3 shell or psql; in production another node) revokes the session.
    revoke = f"UPDATE sessions SET revoked_at = {int(time.time())} WHERE id = '{sid(acct.access)}'"
    if server.postgres_db:
        psql(revoke, server.postgres_db)
    else:
        subprocess.run(["sqlite3", "-cmd", ".timeout 5000", str(server.data_dir / "portcullis.db"),
                        revoke], check=True, timeout=30)
    took = refused_within(server.client, acct.access, 5)
    assert took is not None, "the server never noticed the revocation"
    assert took < 2.5, f"noticed after {took:.1f}s, revocation_poll is 1s"
    assert_bearer_problem(server.client.profile(acct.access), "token_invalid")
    assert re.search(r"^portcullis_revocation_poll_age_seconds [0-3](\.0)?$",
                     server.client.get("/metrics").text, re.M)


@pytest.fixture
def redis_url():
    """The run's shared Redis (scripts/test.sh), or one of the test's own."""
    if shared_redis_url():
        yield shared_redis_url()
        return
    own = RedisProcess().start()
    yield own.url
    own.stop()


two_nodes = pytest.mark.skipif(not ON_POSTGRES, reason="several nodes share PostgreSQL, not SQLite")


@two_nodes
def test_a_logout_on_one_node_is_refused_on_the_other_through_redis(start_server, tmp_path,
                                                                      redis_url):
    url = redis_url
    # A poll of a minute: only the broadcast can be this fast.
    env = {"PORTCULLIS_EPHEMERAL": url, "PORTCULLIS_REVOCATION_POLL": "60",
           "PORTCULLIS_REDIS__KEY_PREFIX": f"e2e-{tmp_path.name}:"}
    a = start_server(env=env, data_dir=tmp_path / "shared", name="node-a")
    b = start_server(env=env, data_dir=tmp_path / "shared", name="node-b")
    assert redis_up(a.client) == 1 and redis_up(b.client) == 1
    acct = a.client.register()
    assert b.client.profile(acct.access).status_code == 200
    assert a.client.post("/v1/auth/logout", token=acct.access).status_code == 204
    took = refused_within(b.client, acct.access, 3)
    assert took is not None and took < 1, f"node B refused after {took}s"
    # revoke-all: every session of the user, one message
    acct2 = b.client.register()
    other = b.client.login(acct2)
    assert a.client.profile(other.access).status_code == 200
    assert b.client.post("/v1/me/sessions/revoke-all", token=acct2.access).status_code in (200, 204)
    took = refused_within(a.client, other.access, 3)
    assert took is not None and took < 1, f"node A refused after {took}s"


@two_nodes
def test_with_redis_down_nodes_stay_ready_and_the_poll_carries_revocations(
        start_server, tmp_path, redis):
    env = {"PORTCULLIS_EPHEMERAL": redis.url, "PORTCULLIS_REVOCATION_POLL": "1"}
    a = start_server(env=env, data_dir=tmp_path / "shared", name="node-a")
    b = start_server(env=env, data_dir=tmp_path / "shared", name="node-b")
    acct = a.client.register()
    assert b.client.profile(acct.access).status_code == 200

    redis.stop()
    for node in (a, b):
        assert node.client.get("/ready").status_code == 200
    deadline = time.monotonic() + 5
    while redis_up(a.client) != 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert redis_up(a.client) == 0
    # Everything else works; the logout reaches B by the database poll.
    other = a.client.login(acct)
    assert a.client.post("/v1/auth/logout", token=acct.access).status_code == 204
    took = refused_within(b.client, acct.access, 5)
    assert took is not None and took < 2.5, f"node B refused after {took}s (poll 1s)"
    assert b.client.profile(other.access).status_code == 200
    assert b.client.refresh_raw(other.refresh).status_code == 200

    redis.start()  # same port: both nodes reconnect by themselves
    deadline = time.monotonic() + 10
    while (redis_up(a.client) != 1 or redis_up(b.client) != 1) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert redis_up(a.client) == 1 and redis_up(b.client) == 1
    # One warning per outage from each part that has a fallback, not one per call.
    log = a.read_log().splitlines()
    store_warnings = [line for line in log if '"msg":"redis ' in line and "is unavailable" in line]
    limiter_warnings = [line for line in log if "rate limiting: the shared store is unavailable"
                        in line]
    assert len(store_warnings) == 1, store_warnings
    assert len(limiter_warnings) <= 1, limiter_warnings
    assert "again" in a.read_log()


def test_a_node_starts_without_redis_and_never_logs_its_password(start_server):
    dead = RedisProcess()  # a free port nobody listens on
    server = start_server(env={"PORTCULLIS_EPHEMERAL": f"redis://:hunter2-secret@127.0.0.1:"
                                                       f"{dead.port}/0"})
    assert server.client.get("/ready").status_code == 200
    acct = server.client.register()
    assert server.client.post("/v1/auth/logout", token=acct.access).status_code == 204
    assert_bearer_problem(server.client.profile(acct.access), "token_invalid")
    assert redis_up(server.client) == 0
    log = server.read_log()
    assert "is unavailable" in log
    assert "hunter2-secret" not in log
    assert "redis://:***@127.0.0.1" in log


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite only: PostgreSQL serves several nodes")
def test_a_second_server_on_one_sqlite_file_refuses_to_start(start_server, tmp_path):
    first = start_server(data_dir=tmp_path / "one")
    second = start_server(data_dir=tmp_path / "one", name="second", wait=False)
    second.proc.wait(timeout=30)
    assert second.proc.returncode == 2
    assert "another portcullis server is serving sqlite:" in second.read_log()
    assert first.client.get("/ready").status_code == 200
    first.stop_clean()
    third = start_server(data_dir=tmp_path / "one", name="third")  # the lock went with the first
    assert third.client.get("/ready").status_code == 200
