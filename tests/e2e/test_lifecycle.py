"""Process life: clean SIGTERM with requests in flight, kill -9 in a burst of registrations (nothing
acknowledged is lost), a full hashing queue answers 503 overloaded."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from harness import PASSWORD, Client, assert_problem, run_concurrently, unique


def login_all(srv, emails, password=PASSWORD, workers=4):
    def one(email):
        s = Client.new_session()
        r = s.post(srv.url + "/v1/auth/login", json={"email": email, "password": password}, timeout=60)
        return email, r.status_code, r.text[:200]

    with ThreadPoolExecutor(workers) as ex:
        results = list(ex.map(one, emails))
    failed = [x for x in results if x[1] != 200]
    assert not failed, f"{len(failed)} of {len(emails)} acknowledged registrations cannot log in: {failed[:5]}"


@pytest.mark.concurrency
def test_sigterm_lets_in_flight_requests_finish(start_server):
    # default Argon2id cost so that the requests are still being hashed when SIGTERM arrives
    srv = start_server(fast_argon2=False)
    n = 16
    tag = unique("term")
    emails = [f"{tag}-{i}@example.com" for i in range(n)]
    sent = threading.Barrier(n + 1)

    def reg(i, barrier):
        s = Client.new_session()
        s.get(srv.url + "/health", timeout=10)     # connection is open before the burst
        barrier.wait()
        try:
            sent.wait()
        except threading.BrokenBarrierError:
            pass
        return s.post(srv.url + "/v1/auth/register", json={"email": emails[i], "password": PASSWORD},
                      timeout=60)

    results = []
    t = threading.Thread(target=lambda: results.extend(run_concurrently(reg, n)))
    t.start()
    sent.wait()
    time.sleep(0.15)                                 # requests are on the wire / being hashed
    t0 = time.monotonic()
    rc = srv.stop()
    t.join(60)
    assert rc == 0, f"exit status {rc} after SIGTERM\n{srv.read_log()[-2000:]}"
    assert time.monotonic() - t0 < 20
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, f"in-flight requests were cut off: {errors[:3]}"
    codes = [r.status_code for r in results]
    assert all(c in (201, 503) for c in codes), codes
    for r in results:
        if r.status_code == 503:
            assert_problem(r, 503)
    ok = [emails[i] for i, r in enumerate(results) if r.status_code == 201]
    assert ok, codes
    srv.start()
    login_all(srv, ok)


@pytest.mark.concurrency
def test_kill9_during_registration_burst_loses_nothing_acknowledged(start_server):
    srv = start_server()
    tag = unique("crash")
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()
    url = srv.url + "/v1/auth/register"

    def worker(w):
        s = Client.new_session()
        n = 0
        while not stop.is_set():
            email = f"{tag}-{w}-{n}@example.com"
            n += 1
            try:
                r = s.post(url, json={"email": email, "password": PASSWORD}, timeout=10)
            except requests.RequestException:
                if stop.is_set():
                    return
                time.sleep(0.01)
                continue
            if r.status_code == 201:
                with lock:
                    acknowledged.append(email)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for th in threads:
        th.start()
    time.sleep(1.0)
    srv.kill9()                                      # mid-burst, no chance to flush anything
    stop.set()
    for th in threads:
        th.join(30)
    assert acknowledged, "no registration succeeded before the kill"
    with lock:
        emails = list(acknowledged)
    srv.start()                                      # same data directory
    login_all(srv, emails, workers=8)
    # and the database is usable afterwards
    srv.client.register()


@pytest.mark.concurrency
def test_full_hash_queue_is_503_overloaded_with_retry_after(start_server):
    """Many more concurrent logins than the hashing pool queues: some are shed with 503.
    The queue is made small (argon2_queue=4) so that 64 concurrent logins overflow it."""
    srv = start_server(fast_argon2=False, env={"PORTCULLIS_ARGON2_QUEUE": "4"})
    acct = srv.client.register()
    n = 64

    def login(_i, barrier):
        s = Client.new_session()
        barrier.wait()
        return s.post(srv.url + "/v1/auth/login", json={"email": acct.email, "password": PASSWORD},
                      timeout=120)

    results = run_concurrently(login, n)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    codes = [r.status_code for r in results]
    assert set(codes) <= {200, 503}, sorted(set(codes))
    shed = [r for r in results if r.status_code == 503]
    assert shed, f"no 503 among {n} concurrent logins: is the hashing queue bounded?"
    for r in shed[:5]:
        assert_problem(r, 503, "overloaded")
        assert r.headers.get("Retry-After", "").strip().isdigit(), r.headers
    assert srv.client.login_raw(PASSWORD, email=acct.email).status_code == 200
