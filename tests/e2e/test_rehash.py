"""Password hashes made at an older Argon2id cost are upgraded at the next successful login, and
only then: a failed login leaves the old hash, and a hash at the current cost is never redone."""

from harness import FAST_ARGON2, PASSWORD


def stored_user(srv, email):
    rows = srv.query("SELECT password_hash, password_changed_at FROM users WHERE email = ?",
                     (email,))
    return rows[0] if rows else None


def phc_params(phc):
    # $argon2id$v=19$m=...,t=...,p=...$salt$hash
    return phc.split("$")[3]


def test_an_old_cost_hash_is_upgraded_at_the_next_successful_login(start_server, tmp_path):
    data = tmp_path / "shared"
    cheap = start_server(data_dir=data, fast_argon2=True, name="cheap")
    acct = cheap.client.register()
    old_hash, changed_at = stored_user(cheap, acct.email)
    low = f"m={FAST_ARGON2['PORTCULLIS_ARGON2_MEMORY_KIB']},t={FAST_ARGON2['PORTCULLIS_ARGON2_ITERATIONS']},p=1"
    assert phc_params(old_hash) == low, old_hash
    cheap.stop_clean()

    srv = start_server(data_dir=data, fast_argon2=False, name="default")
    assert srv.client.login_raw("not the password", email=acct.email).status_code == 401
    assert stored_user(srv, acct.email)[0] == old_hash, "a failed login changed the hash"

    assert srv.client.login_raw(PASSWORD, email=acct.email).status_code == 200
    new_hash, new_changed_at = stored_user(srv, acct.email)
    assert phc_params(new_hash) == "m=19456,t=2,p=1", new_hash
    assert new_hash != old_hash
    assert new_changed_at == changed_at, "an upgrade is not a password change"

    # At the current cost the hash stays as it is, and the password still works.
    assert srv.client.login_raw(PASSWORD, email=acct.email).status_code == 200
    assert stored_user(srv, acct.email)[0] == new_hash
