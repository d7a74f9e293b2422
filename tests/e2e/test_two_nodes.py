"""Two `portcullis serve` nodes on one PostgreSQL database and one Redis, as behind a load
balancer: what one node does, the other honours — sign-in, rotation and theft, the refresh race,
revocation within a second (also with Redis down), rate limits counted across both, no
acknowledged registration lost when a node is killed, and a PostgreSQL restart under load seen as
503s from which both nodes recover by themselves.

Runs when E2E_DATABASE is a postgres:// URL (scripts/test.sh runs the suite a second time that
way); each test gets a fresh database of its own and a Redis of its own."""

import concurrent.futures
import os
import threading
import time

import pytest

from harness import (ON_POSTGRES, PASSWORD, assert_bearer_problem, assert_problem,
                     create_postgres_database, drop_postgres_database, metric, postgres_url,
                     refused_within, unique_email)
from redis_process import RedisProcess
from test_postgres_outage import TIMEOUTS, PrivateCluster

pytestmark = pytest.mark.skipif(not ON_POSTGRES,
                                reason="two nodes share a PostgreSQL database (E2E_DATABASE)")


class Cluster:
    def __init__(self, a, b, redis, database):
        self.a, self.b, self.redis, self.database = a, b, redis, database


@pytest.fixture
def make_cluster(start_server, tmp_path):
    """make_cluster(env) -> Cluster: nodes A and B with one database, one Redis and one data
    directory (the same signing and data keys, as every node of a deployment must have)."""
    made = []

    def make(env=None):
        redis = RedisProcess().start()
        name = create_postgres_database()
        url = postgres_url(name)
        node_env = {"PORTCULLIS_EPHEMERAL": redis.url, **(env or {})}
        shared = tmp_path / f"shared{len(made)}"
        a = start_server(env=node_env, database=url, data_dir=shared, name="node-a")
        b = start_server(env=node_env, database=url, data_dir=shared, name="node-b")
        made.append((Cluster(a, b, redis, url), name))
        return made[-1][0]

    yield make
    for nodes, name in made:
        for node in (nodes.a, nodes.b):
            if node.running:
                node.stop_clean()
        nodes.redis.stop()
        drop_postgres_database(name)


@pytest.fixture
def cluster(make_cluster):
    return make_cluster()




def refresh_ok(client, token):
    r = client.refresh_raw(token)
    assert r.status_code == 200, r.text
    return r.json()


def test_an_account_registered_on_one_node_signs_in_on_the_other(cluster):
    acct = cluster.a.client.register()
    on_b = cluster.b.client.login(acct)
    assert cluster.b.client.profile(on_b.access).json()["email"] == acct.email
    assert cluster.a.client.profile(on_b.access).status_code == 200
    # A refresh token minted by A rotates on B, and B's on A.
    pair = refresh_ok(cluster.b.client, acct.refresh)
    refresh_ok(cluster.a.client, pair["refresh_token"])


def test_a_spent_token_replayed_on_the_other_node_revokes_the_session_on_both(cluster):
    a, b = cluster.a.client, cluster.b.client
    acct = a.register()
    other = b.login(acct)  # another session of the same user, untouched by the theft
    first = refresh_ok(a, acct.refresh)               # rotate on A
    second = refresh_ok(a, first["refresh_token"])
    # Two generations back, on B: theft, whichever node sees it.
    assert_problem(b.refresh_raw(acct.refresh), 401, "token_invalid")
    for node in (a, b):
        assert_problem(node.refresh_raw(second["refresh_token"]), 401, "token_invalid")
        took = refused_within(node, second["access_token"], 1.0)
        assert took is not None, "the stolen session's access token still works after 1 s"
    assert a.profile(other.access).status_code == 200
    refresh_ok(a, other.refresh)


@pytest.mark.concurrency
def test_one_token_refreshed_on_both_nodes_at_once_has_exactly_one_winner(cluster):
    a, b = cluster.a.client, cluster.b.client
    acct = a.register()
    token = acct.refresh
    sessions = {node: node.new_session() for node in (a, b)}
    for node, s in sessions.items():
        s.get(node.base + "/health", timeout=10)  # connected before the start line
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for rnd in range(200):
            barrier = threading.Barrier(2)

            def refresh(node, token=token, barrier=barrier):
                barrier.wait()
                return sessions[node].post(node.base + "/v1/auth/refresh",
                                           json={"refresh_token": token}, timeout=30)

            results = list(pool.map(refresh, (a, b)))
            codes = sorted(r.status_code for r in results)
            assert codes == [200, 401], f"round {rnd}: {codes}: {[r.text for r in results]}"
            loser = next(r for r in results if r.status_code != 200)
            assert_problem(loser, 401, "token_invalid")
            winner = next(r for r in results if r.status_code == 200).json()
            token = winner["refresh_token"]
    # The losers were races, not theft: the session lives on, on both nodes.
    last = refresh_ok(b, token)
    assert a.profile(last["access_token"]).status_code == 200


def test_a_logout_on_one_node_is_refused_on_the_other_within_a_second(cluster):
    a, b = cluster.a.client, cluster.b.client
    acct = a.register()
    assert b.profile(acct.access).status_code == 200
    assert a.post("/v1/auth/logout", token=acct.access).status_code == 204
    took = refused_within(b, acct.access, 1.0)
    assert took is not None, "node B still accepts the token 1 s after the logout on A"
    assert_bearer_problem(b.profile(acct.access), "token_invalid")


def test_with_redis_stopped_a_logout_is_still_refused_on_the_other_node_within_a_second(cluster):
    a, b = cluster.a.client, cluster.b.client
    acct = a.register()
    second = b.login(acct)
    cluster.redis.stop()
    deadline = time.monotonic() + 5
    while metric(a, "portcullis_redis_up") != 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    for node in (a, b):
        assert node.get("/ready").status_code == 200  # Redis down is not "not ready"
    assert a.post("/v1/auth/logout", token=acct.access).status_code == 204
    took = refused_within(b, acct.access, 1.0)
    assert took is not None, "with Redis down, node B accepted the token 1 s after the logout"
    # revoke-all on B reaches A through the database poll too
    assert b.post("/v1/me/sessions/revoke-all", token=second.access).status_code in (200, 204)
    fresh = a.login(acct)
    assert b.profile(fresh.access).status_code == 200


def test_rate_limits_are_counted_across_both_nodes(make_cluster):
    nodes = make_cluster({"PORTCULLIS_RATE_LIMITS__LOGIN_FAILURES_PER_ACCOUNT_IP": "6/1m"})
    a, b = nodes.a.client, nodes.b.client
    acct = a.register()
    answers = [(a, b)[i % 2].login_raw("wrong password", email=acct.email).status_code
               for i in range(8)]
    # Six failures in all, three on each node: the seventh and eighth are refused, on either node.
    assert answers[:6] == [401] * 6, answers
    assert answers[6:] == [429, 429], answers
    r = b.login_raw(PASSWORD, email=acct.email)
    assert_problem(r, 429, "rate_limited")
    assert int(r.headers["Retry-After"]) > 0


@pytest.mark.concurrency
def test_every_registration_acknowledged_before_a_kill_9_signs_in_through_the_other_node(cluster):
    a, b = cluster.a.client, cluster.b.client
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def register_until_down():
        while not stop.is_set():
            email = unique_email("burst")
            try:
                r = a.register_raw(email=email)
            except Exception:
                return  # node A is gone
            if r.status_code == 201:
                with lock:
                    acknowledged.append(email)

    workers = [threading.Thread(target=register_until_down) for _ in range(8)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 10
    while len(acknowledged) < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    cluster.a.kill9()
    stop.set()
    for w in workers:
        w.join(timeout=30)
    assert len(acknowledged) >= 40, "the burst was too slow to mean anything"
    for email in acknowledged:
        r = b.login_raw(PASSWORD, email=email)
        assert r.status_code == 200, f"{email} was acknowledged by A but cannot sign in on B: {r.text}"


@pytest.mark.concurrency
def test_a_postgresql_restart_under_load_gives_503s_then_both_nodes_recover_by_themselves(
        start_server, tmp_path):
    if not os.path.exists("/usr/lib/postgresql/15/bin/initdb"):
        pytest.skip("postgresql-15 is not installed")
    database = PrivateCluster()
    redis = RedisProcess().start()
    try:
        env = {"PORTCULLIS_EPHEMERAL": redis.url, **TIMEOUTS}
        shared = tmp_path / "shared"
        a = start_server(env=env, database=database.url, data_dir=shared, name="node-a")
        b = start_server(env=env, database=database.url, data_dir=shared, name="node-b")
        accounts = [a.client.register() for _ in range(4)]
        refreshes, profiles = [], []
        lock = threading.Lock()
        stop = threading.Event()

        def load(node, acct):
            token = acct.refresh
            while not stop.is_set():
                if token is not None:
                    r = node.refresh_raw(token)
                    if r.status_code == 200:
                        token = r.json()["refresh_token"]
                    elif r.status_code == 401:
                        # Only after a 503 whose COMMIT landed but whose answer was lost with the
                        # connection: the token was spent, and the chain ends here.
                        token = None
                    with lock:
                        refreshes.append(r.status_code)
                p = node.profile(acct.access)
                with lock:
                    profiles.append(p.status_code)

        workers = [threading.Thread(target=load, args=(node.client, acct))
                   for node, acct in zip((a, b, a, b), accounts)]
        for w in workers:
            w.start()
        time.sleep(1)
        database.run("restart")
        time.sleep(1)
        stop.set()
        for w in workers:
            w.join(timeout=60)
        # Successes and 503s only: no 500, no hang, and an outage never logs anyone out.
        assert set(profiles) <= {200, 503}, sorted(set(profiles))
        assert set(refreshes) <= {200, 401, 503}, sorted(set(refreshes))
        assert refreshes.count(401) <= refreshes.count(503), refreshes
        assert 200 in profiles and 200 in refreshes
        deadline = time.monotonic() + 20
        for node in (a, b):
            while node.client.get("/ready").status_code != 200:
                assert time.monotonic() < deadline, f"{node.log_path} did not recover"
                time.sleep(0.2)
            acct = node.client.register()
            assert node.client.login_raw(PASSWORD, email=acct.email).status_code == 200
        for node in (a, b):
            node.stop_clean()
    finally:
        redis.stop()
        database.run("stop")
