"""Identity hygiene: one email key for every lookup and uniqueness check (invisible characters
refused, NFKC + case folding, IDNA domains), passwords compared in NFC, and the password policy
(common, repetitive and sequential passwords refused; auth.password_min_score as a floor)."""

import unicodedata

import pytest

from harness import PASSWORD, assert_problem, base_env, run_cli, unique


def fullwidth(text):
    """The fullwidth form of printable ASCII (U+FF01..U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def assert_reason(r, reason, field="password"):
    assert_problem(r, 400, "invalid_request", field=field)
    assert r.json().get("reason") == reason, r.text


def test_fullwidth_variant_of_a_taken_address_is_409(client):
    email = f"{unique('fw')}@example.com"
    client.register(email=email)
    r = client.register_raw(fullwidth(email), PASSWORD)
    assert_problem(r, 409, "conflict", field="email")
    r = client.register_raw(fullwidth(email.upper()), PASSWORD)
    assert_problem(r, 409, "conflict", field="email")


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
                                       "\u202e", "\u2066", "\u0007"])
def test_invisible_variant_of_a_taken_address_is_400(client, invisible):
    name = unique("zw")
    client.register(email=f"{name}@example.com")
    r = client.register_raw(f"{name[:2]}{invisible}{name[2:]}@example.com", PASSWORD)
    assert_reason(r, "invisible_character", field="email")


def test_login_with_the_fullwidth_form_of_the_address(client):
    email = f"{unique('fwlogin')}@example.com"
    acct = client.register(email=email)
    r = client.login_raw(PASSWORD, email=fullwidth(email.upper()))
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == acct.body["user"]["id"]
    assert r.json()["user"]["email"] == email


def test_login_with_an_invisible_character_is_400(client):
    email = f"{unique('zwlogin')}@example.com"
    client.register(email=email)
    r = client.login_raw(PASSWORD, email="\u200b" + email)
    assert_reason(r, "invisible_character", field="email")


def test_an_idn_domain_is_one_account_in_both_spellings(client):
    name = unique("idn")
    acct = client.register(email=f"{name}@Bücher.example")
    assert acct.body["user"]["email"] == f"{name}@xn--bcher-kva.example"
    r = client.register_raw(f"{name}@xn--bcher-kva.example", PASSWORD)
    assert_problem(r, 409, "conflict", field="email")
    assert client.login_raw(PASSWORD, email=f"{name}@bücher.example").status_code == 200


@pytest.mark.parametrize("password,reason", [
    ("password", "common_password"),
    ("12345678", "common_password"),
    ("P@ssw0rd", "common_password"),
    ("        ", "repetitive_password"),
    ("aaaaaaaa", "repetitive_password"),
    ("abcdefgh", "sequential_password"),
])
def test_weak_passwords_are_400_with_the_reason(client, password, reason):
    r = client.register_raw(f"{unique('weak')}@example.com", password)
    assert_reason(r, reason)


def test_a_weak_new_password_is_400_on_password_change(client):
    acct = client.register()
    r = client.post("/v1/me/password", token=acct.access,
                    json={"old_password": PASSWORD, "new_password": "12345678"})
    assert_reason(r, "common_password", field="new_password")
    assert client.login_raw(PASSWORD, email=acct.email).status_code == 200


def test_user_create_refuses_a_common_password(start_server):
    srv = start_server()
    env = base_env({"PORTCULLIS_DATABASE": srv.database, "PORTCULLIS_DATA_DIR": str(srv.data_dir)})
    p = run_cli(["user", "create", "--email", f"{unique('cli')}@example.com"], env=env,
                input_="password\n")
    assert p.returncode == 1, f"{p.returncode} {p.stdout} {p.stderr}"
    assert "common" in p.stderr


def test_min_score_refuses_a_weak_but_uncommon_password(start_server):
    # "dragon2024" is not one common entry, so it passes by default; a floor of 3 refuses it.
    assert start_server().client.register_raw(
        f"{unique('floor')}@example.com", "dragon2024").status_code == 201
    strict = start_server(env={"PORTCULLIS_AUTH__PASSWORD_MIN_SCORE": "3"}).client
    r = strict.register_raw(f"{unique('floor')}@example.com", "dragon2024")
    assert_reason(r, "weak_password")
    assert "3" in r.json()["detail"]
    assert strict.register_raw(f"{unique('floor')}@example.com", PASSWORD).status_code == 201


def test_nfc_and_nfd_forms_of_a_password_both_log_in(client):
    nfc = "caf\u00e9 au lait, s'il vous pla\u00eet"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd == "cafe\u0301 au lait, s'il vous plai\u0302t"
    acct = client.register(password=nfd)
    assert client.login_raw(nfc, email=acct.email).status_code == 200
    assert client.login_raw(nfd, email=acct.email).status_code == 200
    other = client.register(password=nfc)
    assert client.login_raw(nfd, email=other.email).status_code == 200
    assert client.login_raw("cafe au lait, s'il vous plait", email=other.email).status_code == 401
