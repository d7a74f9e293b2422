"""What the server keeps: secrets only hashed in the database, revocations and spent tokens across
restarts, acknowledged refresh rotations across kill -9, the first-admin hint."""

import base64
import hashlib
import threading
import time

import jwt
import pytest
import requests

from harness import PASSWORD, Client, assert_bearer_problem, assert_problem


def raw_bytes(srv):
    return srv.database_bytes()


def db_cells(srv):
    """Every cell of every table (the server may be running: WAL readers are fine)."""
    out = []
    for t in srv.table_names():
        for row in srv.query(f'select * from "{t}"'):
            out.extend(row)
    return out


def token_digest_forms(token):
    d = hashlib.sha256(token.encode()).digest()
    return {d.hex(), d.hex().upper(), base64.urlsafe_b64encode(d).rstrip(b"=").decode(),
            base64.b64encode(d).decode(), d}


def stored_as_digest(cells, token):
    forms = token_digest_forms(token)
    return any(c in forms for c in cells if isinstance(c, (str, bytes)))


def test_refresh_tokens_are_stored_only_as_sha256(start_server):
    srv = start_server()
    c = srv.client
    acct = c.register()
    r = c.refresh_raw(acct.refresh)
    new = r.json()["refresh_token"]
    cells = db_cells(srv)
    blob = raw_bytes(srv)
    for tok in (acct.refresh, new):
        assert tok.encode() not in blob, "a plaintext refresh token is in the database files"
        assert base64.urlsafe_b64decode(tok + "=" * (-len(tok) % 4)) not in blob, \
            "the raw bytes of a refresh token are in the database files"
        assert stored_as_digest(cells, tok), "no SHA-256 of the refresh token in the database"


def test_passwords_are_stored_as_argon2id_at_owasp_cost(start_server):
    srv = start_server(fast_argon2=False)
    pw = "plaintext-must-not-be-stored-42"
    acct = srv.client.register(password=pw)
    assert pw.encode() not in raw_bytes(srv)
    hashes = [c for c in db_cells(srv) if isinstance(c, str) and c.startswith("$argon2")]
    assert hashes, "no PHC-formatted Argon2 hash in the database"
    assert all(h.startswith("$argon2id$v=19$m=19456,t=2,p=1$") for h in hashes), hashes
    assert srv.client.login_raw(pw, email=acct.email).status_code == 200


@pytest.mark.concurrency
def test_revocations_and_spent_tokens_survive_a_restart(start_server):
    srv = start_server()
    c = srv.client
    a = c.register()
    logged_out = c.login(a)
    deleted = c.login(a)
    stolen = c.login(a)
    chain = c.login(a)
    keeper = c.login(a)
    assert c.post("/v1/auth/logout", token=logged_out.access).status_code == 204
    deleted_sid = jwt.decode(deleted.access, options={"verify_signature": False})["sid"]
    assert c.delete(f"/v1/me/sessions/{deleted_sid}", token=keeper.access).status_code == 204
    s1 = c.refresh_raw(stolen.refresh).json()
    s2 = c.refresh_raw(s1["refresh_token"]).json()
    assert c.refresh_raw(stolen.refresh).status_code == 401           # theft: session revoked
    c1 = c.refresh_raw(chain.refresh).json()
    c2 = c.refresh_raw(c1["refresh_token"]).json()                    # chain: A -> B -> C, alive

    srv.restart()

    for acc in (logged_out, deleted):
        assert_bearer_problem(c.profile(acc.access), "token_invalid")
        assert_problem(c.refresh_raw(acc.refresh), 401, "token_invalid")
    assert_bearer_problem(c.profile(s2["access_token"]), "token_invalid")
    assert_problem(c.refresh_raw(s2["refresh_token"]), 401, "token_invalid")
    # spent tokens are remembered: A (two generations back) is theft after the restart too
    assert c.profile(c2["access_token"]).status_code == 200
    assert_problem(c.refresh_raw(chain.refresh), 401, "token_invalid")
    assert_problem(c.refresh_raw(c2["refresh_token"]), 401, "token_invalid")
    assert_bearer_problem(c.profile(c2["access_token"]), "token_invalid")
    # untouched sessions work
    assert c.profile(keeper.access).status_code == 200
    assert c.refresh_raw(keeper.refresh).status_code == 200


@pytest.mark.concurrency
def test_kill9_during_refresh_burst_keeps_acknowledged_rotations(start_server):
    srv = start_server()
    c = srv.client
    acct = c.register()
    chains = [c.login(acct).refresh for _ in range(8)]
    last_ack = list(chains)
    unexpected = []
    stop = threading.Event()
    url = srv.url + "/v1/auth/refresh"

    def worker(i):
        s = Client.new_session()
        tok = chains[i]
        while not stop.is_set():
            try:
                r = s.post(url, json={"refresh_token": tok}, timeout=10)
            except requests.RequestException:
                return
            if r.status_code != 200:
                unexpected.append((i, r.status_code, r.text[:200]))
                return
            tok = r.json()["refresh_token"]
            last_ack[i] = tok

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(chains))]
    for t in threads:
        t.start()
    time.sleep(1.0)
    srv.kill9()
    stop.set()
    for t in threads:
        t.join(30)
    assert not unexpected, unexpected
    assert sum(a != b for a, b in zip(chains, last_ack)) == len(chains), "some chains never rotated"
    srv.start()
    lost = []
    for i, tok in enumerate(last_ack):
        r = c.refresh_raw(tok)
        if r.status_code == 200:
            continue
        # the request in flight at the kill may have committed a rotation we never saw: then the
        # acknowledged token is known to the database (spent), which is fine; unknown means lost
        if not stored_as_digest(db_cells(srv), tok):
            lost.append((i, r.status_code, r.text[:200]))
    assert not lost, f"acknowledged refresh rotations lost after kill -9: {lost}"


def start_sections(log):
    return log.split("\n=== start ")[1:]


def test_first_admin_hint_only_while_there_are_no_accounts(start_server):
    srv = start_server()
    first = start_sections(srv.read_log())[-1]
    assert "user create" in first, first[:2000]
    srv.client.register()
    srv.restart()
    time.sleep(0.2)
    second = start_sections(srv.read_log())[-1]
    assert "user create" not in second, second[:2000]
