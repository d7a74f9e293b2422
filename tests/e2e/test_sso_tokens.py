"""The provider's ID token is verified fully: a wrong nonce, a tampered payload, an expired token,
another audience, another issuer, a key the provider never published, `alg: none` and HS256 keyed
with the public key each end the flow with error=invalid_token and no session; after the provider
rotates its signing key the unknown kid is fetched once and the login works. The bad tokens come
from the real provider's token endpoint (tests/idp mangles the next one it issues)."""

from __future__ import annotations

import jwt
import pytest

from sso_env import REFRESH_COOKIE, SESSION_COOKIE
from sso_env import module_sso_env  # noqa: F401 (the `env` fixture)


def linked(env, provider):
    acct = env.verified_account("tok")
    return acct, env.person(provider, email=acct.email, email_verified=True)


def sessions_of(env, acct):
    return len(env.server.client.sessions(acct.access))


@pytest.mark.parametrize("mode", ["wrong_nonce", "tampered", "expired", "wrong_aud", "wrong_iss",
                                  "foreign_key", "alg_none", "hs256_public"])
@pytest.mark.parametrize("provider", ["google", "corp"])
def test_a_bad_id_token_ends_in_invalid_token(env, provider, mode):
    acct, person = linked(env, provider)
    before = sessions_of(env, acct)
    env.idp.mangle_next(provider, mode)
    result = env.login(person)
    assert result.callback.status_code == 302, result.callback.text
    assert result.query("error") == "invalid_token", (mode, result.location)
    assert result.cookie(SESSION_COOKIE) is None and result.cookie(REFRESH_COOKIE) is None
    assert sessions_of(env, acct) == before
    assert env.identities_of_subject(provider, person.sub) == []
    # the provider issued the bad token from its token endpoint: the code was redeemed
    assert env.idp.token_requests(provider)[-1]["status"] == 200
    # the next, good token logs in
    result = env.login(person)
    assert result.location == f"{env.url}/app", (mode, result.location)


def test_an_unknown_kid_after_rotation_is_fetched_once_and_the_login_works(env):
    acct, person = linked(env, "google")
    first = env.login(person)  # the server has now cached the provider's JWKS
    assert first.location == f"{env.url}/app", first.location
    new_kid = env.idp.rotate("google")
    token_requests = len(env.idp.token_requests("google"))
    second = env.login(person)
    assert second.location == f"{env.url}/app", second.location
    assert env.jwks_claims(second.cookie(SESSION_COOKIE))["sub"] == acct.user["id"]
    assert len(env.idp.token_requests("google")) == token_requests + 1
    assert new_kid.startswith("google-")
    # and the old key is no longer believed: a token under the old kid is refused
    # (the provider's JWKS now holds only the new key; foreign_key signs under its kid with a
    # key it never published)
    env.idp.mangle_next("google", "foreign_key")
    assert env.login(person).query("error") == "invalid_token"


def test_a_microsoft_token_of_another_tenant_is_refused(env):
    """[sso.microsoft] names one tenant: a token whose tid is another tenant's is refused, and one
    without tid too."""
    acct = env.verified_account("ms")
    stranger = env.person("microsoft", email=acct.email, tid="72f988bf-86f1-41af-91ab-2d7cd011db47")
    result = env.login(stranger)
    assert result.query("error") == "invalid_token", result.location
    member = env.person("microsoft", email=acct.email)
    env.idp.mangle_next("microsoft", "no_tid")
    assert env.login(member).query("error") == "invalid_token"
    result = env.login(member)
    assert result.location == f"{env.url}/app", result.location
    claims = jwt.decode(result.cookie(SESSION_COOKIE), options={"verify_signature": False})
    assert claims["sub"] == acct.user["id"]
