"""Overload at default settings: a login flood is shed by the password-hashing executor (503
overloaded with Retry-After), not queued on the shared worker pool; /metrics names the executor."""

import re

import pytest

from harness import PASSWORD, Client, assert_problem, run_concurrently


def executor_metric(srv, family, executor):
    text = Client.new_session().get(srv.url + "/metrics", timeout=10).text
    m = re.search(r'^%s\{executor="%s"\} (\d+)$' % (family, re.escape(executor)), text, re.M)
    assert m, f"{family} for {executor} missing from /metrics"
    return int(m.group(1))


@pytest.mark.concurrency
def test_login_flood_is_shed_by_the_hash_executor_at_default_settings(start_server):
    # Default Argon2id cost and default queue settings: nothing here makes a queue small.
    srv = start_server(fast_argon2=False)
    acct = srv.client.register()
    n = 160  # beyond the hashing threads plus the default hash queue (64)

    def login(_i, barrier):
        s = Client.new_session()
        s.get(srv.url + "/health", timeout=10)  # connected before the flood
        barrier.wait()
        return s.post(srv.url + "/v1/auth/login", json={"email": acct.email, "password": PASSWORD},
                      timeout=120)

    results = run_concurrently(login, n)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    codes = [r.status_code for r in results]
    assert set(codes) <= {200, 503}, sorted(set(codes))
    shed = [r for r in results if r.status_code == 503]
    assert shed, f"no 503 among {n} concurrent logins at default settings: the flood was queued"
    assert 200 in codes, "every login was refused"
    for r in shed[:5]:
        assert_problem(r, 503, "overloaded")
        assert r.headers.get("Retry-After", "").strip().isdigit(), r.headers
    # Refused by the hashing executor, not by the worker queue that refreshes and writes share.
    assert executor_metric(srv, "portcullis_executor_rejected_total", "argon2") >= len(shed)
    assert executor_metric(srv, "portcullis_executor_rejected_total", "http.worker") == 0
    assert executor_metric(srv, "portcullis_executor_queued", "argon2") == 0
    assert srv.client.login_raw(PASSWORD, email=acct.email).status_code == 200
