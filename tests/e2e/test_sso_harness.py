"""The single sign-on suites' outside providers checked on their own, with a dummy callback and no
Portcullis: a login through the oidc-provider harness's form ends in a code that redeems (with PKCE)
for an ID token its JWKS verifies, carrying the account's claims; each mangling mode spoils exactly
the property it names; key rotation changes the kid; the GitHub stand-in's web flow and API answer
like GitHub's. If these fail, the test_sso_* failures are the harness's, not the server's."""

from __future__ import annotations

import urllib.parse

import jwt
import pytest
import requests

from flows import pkce_pair, query_param
from harness import unique
from sso_idp import Browser, GitHubStandIn, OidcHarness

CALLBACK = "http://127.0.0.1:9/v1/auth/{name}/callback"  # never requested: the flow stops there


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    harness = OidcHarness.start(tmp_path_factory.mktemp("idp"))
    yield harness
    harness.stop()


def client_for(idp, name):
    cid, secret = unique(f"{name}-"), unique("secret-") * 2
    idp.add_client(name, cid, secret, [CALLBACK.format(name=name)])
    return cid, secret


def authorize(idp, name, client_id, login, password, nonce="n-" + unique()):
    """Runs the browser part of the flow; returns (code, verifier, nonce, state)."""
    conf = idp.discovery(name)
    verifier, challenge = pkce_pair()
    state = unique("st")
    url = conf["authorization_endpoint"] + "?" + urllib.parse.urlencode({
        "response_type": "code", "client_id": client_id, "scope": "openid email profile",
        "redirect_uri": CALLBACK.format(name=name), "state": state, "nonce": nonce,
        "code_challenge": challenge, "code_challenge_method": "S256"})
    b = Browser()
    page, stop = b.follow(url, until=lambda u: u.startswith("http://127.0.0.1:9/"))
    assert stop is None and page.status_code == 200, (page.status_code, page.text[:300])
    _, stop = b.sign_in(page, login, password, until=lambda u: u.startswith("http://127.0.0.1:9/"))
    assert stop, b.hops
    assert query_param(stop, "state") == state
    return query_param(stop, "code"), verifier, nonce


def redeem(idp, name, client_id, secret, code, verifier):
    conf = idp.discovery(name)
    r = requests.post(conf["token_endpoint"], auth=(client_id, secret), timeout=30, data={
        "grant_type": "authorization_code", "code": code, "code_verifier": verifier,
        "redirect_uri": CALLBACK.format(name=name)})
    return r


def verify(idp, name, id_token, client_id):
    conf = idp.discovery(name)
    keys = jwt.PyJWKClient(conf["jwks_uri"], cache_keys=False)
    key = keys.get_signing_key_from_jwt(id_token)
    return jwt.decode(id_token, key.key, algorithms=["RS256"], audience=client_id,
                      issuer=conf["issuer"])


def login_once(idp, name, **claims):
    cid, secret = client_for(idp, name)
    login = unique("alice")
    idp.add_account(name, login, "pw-" + login, sub=unique("sub"), **claims)
    code, verifier, nonce = authorize(idp, name, cid, login, "pw-" + login)
    r = redeem(idp, name, cid, secret, code, verifier)
    assert r.status_code == 200, r.text
    return cid, r.json()["id_token"], nonce


@pytest.mark.parametrize("name", ["google", "microsoft", "corp"])
def test_a_login_through_the_form_yields_a_verifiable_id_token(idp, name):
    cid, secret = client_for(idp, name)
    login, sub = unique("alice"), unique("sub")
    idp.add_account(name, login, "pw", sub=sub, email=f"{login}@example.com",
                    email_verified=True, name="Alice A", amr=["pwd", "mfa"])
    code, verifier, nonce = authorize(idp, name, cid, login, "pw")
    # PKCE is enforced: the code does not redeem without its verifier
    assert redeem(idp, name, cid, secret, code, "x" * 43).status_code == 400
    code, verifier, nonce = authorize(idp, name, cid, login, "pw")
    r = redeem(idp, name, cid, secret, code, verifier)
    assert r.status_code == 200, r.text
    claims = verify(idp, name, r.json()["id_token"], cid)
    assert claims["sub"] == sub and claims["nonce"] == nonce
    assert claims["email"] == f"{login}@example.com" and claims["email_verified"] is True
    assert claims["name"] == "Alice A" and claims["amr"] == ["pwd", "mfa"]
    if name == "microsoft":
        assert claims["tid"] == idp.tenant
        assert claims["iss"] == idp.issuer("microsoft")
        assert idp.issuer("microsoft").endswith(f"/{idp.tenant}/v2.0")
    else:
        assert "tid" not in claims
    assert idp.token_requests(name)[-1]["code_verifier"] is True


def test_a_wrong_password_shows_the_form_again(idp):
    cid, _ = client_for(idp, "corp")
    idp.add_account("corp", "bob-" + unique(), "right", sub=unique())
    with pytest.raises(AssertionError):
        authorize(idp, "corp", cid, "bob", "wrong")


@pytest.mark.parametrize("mode,error", [
    ("wrong_aud", jwt.InvalidAudienceError), ("expired", jwt.ExpiredSignatureError),
    ("wrong_iss", jwt.InvalidIssuerError), ("tampered", jwt.InvalidSignatureError),
    ("foreign_key", jwt.InvalidSignatureError)])
def test_each_mangling_mode_spoils_what_it_names_once(idp, mode, error):
    cid, secret = client_for(idp, "corp")
    login = unique("m")
    idp.add_account("corp", login, "pw", sub=unique())
    idp.mangle_next("corp", mode)
    code, verifier, _ = authorize(idp, "corp", cid, login, "pw")
    bad = redeem(idp, "corp", cid, secret, code, verifier).json()["id_token"]
    with pytest.raises(error):
        verify(idp, "corp", bad, cid)
    code, verifier, _ = authorize(idp, "corp", cid, login, "pw")
    verify(idp, "corp", redeem(idp, "corp", cid, secret, code, verifier).json()["id_token"], cid)


def test_wrong_nonce_and_unsafe_algorithms(idp):
    cid, secret = client_for(idp, "corp")
    login = unique("n")
    idp.add_account("corp", login, "pw", sub=unique())
    idp.mangle_next("corp", "wrong_nonce")
    code, verifier, nonce = authorize(idp, "corp", cid, login, "pw")
    claims = verify(idp, "corp", redeem(idp, "corp", cid, secret, code, verifier)
                    .json()["id_token"], cid)
    assert claims["nonce"] != nonce
    for mode, alg in (("alg_none", "none"), ("hs256_public", "HS256")):
        idp.mangle_next("corp", mode)
        code, verifier, _ = authorize(idp, "corp", cid, login, "pw")
        token = redeem(idp, "corp", cid, secret, code, verifier).json()["id_token"]
        assert jwt.get_unverified_header(token)["alg"] == alg
        with pytest.raises(jwt.PyJWTError):
            verify(idp, "corp", token, cid)


def test_rotation_publishes_only_the_new_key(idp):
    cid, old_token, _ = login_once(idp, "google")
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    new_kid = idp.rotate("google")
    assert new_kid != old_kid
    jwks = requests.get(idp.discovery("google")["jwks_uri"], timeout=30).json()
    assert [k["kid"] for k in jwks["keys"]] == [new_kid]
    cid, token, _ = login_once(idp, "google")
    assert jwt.get_unverified_header(token)["kid"] == new_kid
    verify(idp, "google", token, cid)


def test_the_cancel_button_answers_access_denied(idp):
    cid, _ = client_for(idp, "google")
    conf = idp.discovery("google")
    _, challenge = pkce_pair()
    url = conf["authorization_endpoint"] + "?" + urllib.parse.urlencode({
        "response_type": "code", "client_id": cid, "scope": "openid email",
        "redirect_uri": CALLBACK.format(name="google"), "state": "s1", "nonce": "n1",
        "code_challenge": challenge, "code_challenge_method": "S256"})
    b = Browser()
    page, _ = b.follow(url)
    _, stop = b.cancel(page, until=lambda u: u.startswith("http://127.0.0.1:9/"))
    assert query_param(stop, "error") == "access_denied" and query_param(stop, "state") == "s1"


def test_the_github_stand_in():
    gh = GitHubStandIn().start()
    try:
        cb = "http://127.0.0.1:9/v1/auth/github/callback"
        gh.redirect_uris.append(cb)
        gh.add_user("octo", "pw", id=583231, name="Octo Cat", emails=[
            {"email": "octo@example.com", "primary": True, "verified": True},
            {"email": "other@example.com", "primary": False, "verified": False}])
        b = Browser()
        page, _ = b.follow(f"{gh.url}/login/oauth/authorize?" + urllib.parse.urlencode(
            {"client_id": gh.client_id, "redirect_uri": cb, "state": "s", "scope": "user:email"}))
        _, stop = b.sign_in(page, "octo", "pw", until=lambda u: u.startswith("http://127.0.0.1:9/"))
        code = query_param(stop, "code")
        r = requests.post(f"{gh.url}/login/oauth/access_token", headers={"Accept": "application/json"},
                          data={"client_id": gh.client_id, "client_secret": "wrong", "code": code})
        assert r.json() == {"error": "incorrect_client_credentials"}
        r = requests.post(f"{gh.url}/login/oauth/access_token", headers={"Accept": "application/json"},
                          data={"client_id": gh.client_id, "client_secret": gh.client_secret,
                                "code": code, "redirect_uri": cb})
        token = r.json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        assert requests.get(f"{gh.url}/user", headers=h).json()["id"] == 583231
        assert len(requests.get(f"{gh.url}/user/emails", headers=h).json()) == 2
        assert requests.get(f"{gh.url}/user").status_code == 401
    finally:
        gh.stop()


def test_the_microsoft_common_discovery_names_the_tenant_template(idp):
    r = requests.get(idp.microsoft_common_issuer + "/.well-known/openid-configuration", timeout=30)
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["issuer"] == idp.issuer("microsoft").replace(idp.tenant, "{tenantid}")
    assert doc["jwks_uri"] == idp.discovery("microsoft")["jwks_uri"]
