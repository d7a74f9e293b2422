"""PostgreSQL stopped and started again under a running server: what needs the database answers
503 `unavailable` (never a crash, never a hang past the statement and connect timeouts), /ready
turns 503, and service comes back by itself, without restarting the server. The test runs its own
throwaway cluster (scripts/postgres.sh with a private PG_DIR); it runs in the PostgreSQL pass
(E2E_DATABASE=postgres://...) and needs Debian's postgresql-15."""

import os
import subprocess
import time
import uuid

import pytest

from harness import ON_POSTGRES, PASSWORD, REPO, assert_problem

PG_SCRIPT = str(REPO / "scripts" / "postgres.sh")
# The server's statement timeout and connect timeout (the shortest allowed), so a request during
# the outage must be answered well within STALL_LIMIT.
TIMEOUTS = {"PORTCULLIS_POSTGRES__STATEMENT_TIMEOUT": "2", "PORTCULLIS_POSTGRES__CONNECT_TIMEOUT": "2"}
STALL_LIMIT = 6.0

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="runs in the PostgreSQL pass (E2E_DATABASE)")


class PrivateCluster:
    def __init__(self):
        self.env = dict(os.environ, PG_DIR=f"/tmp/portcullis-pg-outage-{uuid.uuid4().hex[:10]}")
        self.url = self.run("start").strip()

    def run(self, command):
        p = subprocess.run([PG_SCRIPT, command], env=self.env, capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 0, f"postgres.sh {command}: {p.stderr}"
        return p.stdout


@pytest.fixture
def cluster():
    if not os.path.exists("/usr/lib/postgresql/15/bin/initdb"):
        pytest.skip("postgresql-15 is not installed")
    c = PrivateCluster()
    yield c
    c.run("stop")


def timed(call):
    started = time.monotonic()
    r = call()
    return r, time.monotonic() - started


def test_a_database_outage_answers_503_then_recovers_by_itself(cluster, start_server):
    srv = start_server(database=cluster.url, env=TIMEOUTS)
    c = srv.client
    acct = c.register()
    assert c.get("/ready").status_code == 200

    cluster.run("halt")
    # Every route that needs the database answers 503 `unavailable`, promptly.
    for name, call in [
        ("login", lambda: c.login_raw(PASSWORD, email=acct.email)),
        ("register", lambda: c.register_raw()),
        ("refresh", lambda: c.refresh_raw(acct.refresh)),
        ("profile", lambda: c.profile(acct.access)),
    ]:
        r, took = timed(call)
        assert_problem(r, 503, "unavailable")
        assert took < STALL_LIMIT, f"{name} took {took:.1f}s during the outage"
    r, took = timed(lambda: c.get("/ready"))
    assert r.status_code == 503, r.text
    assert took < STALL_LIMIT
    assert c.get("/health").status_code == 204  # the process itself is fine
    assert srv.running()

    cluster.run("start")
    deadline = time.monotonic() + 20
    while c.get("/ready").status_code != 200:
        assert time.monotonic() < deadline, "/ready did not recover after the database came back"
        time.sleep(0.2)
    # The same server serves again: nothing was lost and nothing half-written.
    assert c.login_raw(PASSWORD, email=acct.email).status_code == 200
    r = c.refresh_raw(acct.refresh)  # the refresh refused during the outage changed nothing
    assert r.status_code == 200, r.text
    assert c.profile(r.json()["access_token"]).status_code == 200
    c.register()
    assert srv.running()
