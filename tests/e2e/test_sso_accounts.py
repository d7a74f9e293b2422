"""Whose account a single sign-on login is: a stranger without an invite gets no account (sso_signup
is off); with the invite ticket from the invite mail the account is created and joins the inviting
company; an existing account is linked by a provider-verified email, never by an unverified one;
Microsoft (tenant issuer) and GitHub (only a verified primary address counts) log in the same
way. Providers: tests/idp (oidc-provider) and the GitHub stand-in of sso_idp.py."""

from __future__ import annotations

import pytest

from companies import active_company, invite, ticket_from_sink
from harness import unique_email
from sso_env import REFRESH_COOKIE, SESSION_COOKIE
from sso_env import module_sso_env  # noqa: F401 (the `env` fixture)


def bearer(result):
    token = result.cookie(SESSION_COOKIE)
    assert token, result.callback.raw.headers.getlist("Set-Cookie")
    return token


@pytest.mark.parametrize("provider", ["google", "microsoft", "corp", "github"])
def test_an_unknown_user_without_invite_gets_no_account(env, provider):
    person = env.person(provider)
    result = env.login(person)
    assert result.callback.status_code == 302, result.callback.text
    assert result.query("error") == "signup_disabled", result.location
    assert result.cookie(SESSION_COOKIE) is None and result.cookie(REFRESH_COOKIE) is None
    assert env.users_with_email(person.email) == []
    assert env.identities_of_subject(provider, person.sub) == []


@pytest.mark.parametrize("provider", ["google", "github"])
def test_with_the_invite_ticket_the_account_is_created_in_the_company(env, provider):
    client = env.server.client
    owner = client.register(unique_email("owner"))
    cid = active_company(owner.access)
    guest_email = unique_email("guest")
    invite(client, owner, cid, guest_email, "admin")
    ticket = ticket_from_sink(env.sink, guest_email)
    person = env.person(provider, email=guest_email, email_verified=True, name="Gus Guest")

    result = env.login(person, invite=ticket)
    assert result.location == f"{env.url}/app", result.location
    token = bearer(result)
    claims = env.jwks_claims(token)
    assert env.users_with_email(guest_email) == [(claims["sub"],)]
    assert env.identities_of_subject(provider, person.sub) == [(claims["sub"],)]
    mine = client.get("/v1/companies", token=token)
    assert mine.status_code == 200, mine.text
    assert (cid, "admin") in {(c["id"], c["role"]) for c in mine.json()["companies"]}
    members = client.get(f"/v1/companies/{cid}/members", token=owner.access).json()["members"]
    assert (guest_email, "admin") in {(m["email"], m["role"]) for m in members}
    # the ticket is spent
    other = env.person(provider, email=guest_email)
    assert env.login(other, invite=ticket).query("error") in ("invalid_invite", "signup_disabled")
    assert len(env.users_with_email(guest_email)) == 1


def test_a_made_up_invite_creates_nothing(env):
    person = env.person("google")
    result = env.login(person, invite="A" * 43)
    assert result.query("error") in ("invalid_invite", "signup_disabled"), result.location
    assert env.users_with_email(person.email) == []


def test_an_existing_account_is_linked_by_a_verified_email(env):
    acct = env.verified_account("link")
    person = env.person("google", email=acct.email.upper(), email_verified=True)
    result = env.login(person)
    assert result.location == f"{env.url}/app", result.location
    assert env.jwks_claims(bearer(result))["sub"] == acct.user["id"]
    assert env.identities_of_subject("google", person.sub) == [(acct.user["id"],)]
    assert len(env.users_with_email(acct.email)) == 1


def test_no_link_by_an_unverified_email(env):
    client = env.server.client
    acct = client.register(unique_email("nolink"))
    person = env.person("google", email=acct.email, email_verified=False)
    result = env.login(person)
    assert result.query("error") == "email_not_verified", result.location
    assert result.cookie(SESSION_COOKIE) is None
    assert env.identities_of_subject("google", person.sub) == []
    assert len(env.users_with_email(acct.email)) == 1


def test_an_account_whose_address_was_never_proven_is_not_linked(env):
    """Pre-account hijacking: a squatter registers the owner's address with a password of their
    own and never proves it; the owner's verified Google login must not join that account."""
    squatter = env.server.client.register(unique_email("squat"))
    owner = env.person("google", email=squatter.email, email_verified=True)
    result = env.login(owner)
    assert result.query("error") == "email_not_verified", result.location
    assert result.cookie(SESSION_COOKIE) is None
    assert env.identities_of_subject("google", owner.sub) == []
    # The squatter's password still opens only the squatter's own, unlinked account.
    assert env.server.client.login_raw(squatter.password, email=squatter.email).status_code == 200


def test_microsoft_with_the_tenant_issuer(env):
    acct = env.verified_account("ms")
    person = env.person("microsoft", email=acct.email, email_verified=True)
    result = env.login(person)
    assert result.location == f"{env.url}/app", result.location
    assert env.jwks_claims(bearer(result))["sub"] == acct.user["id"]
    assert env.identities_of_subject("microsoft", person.sub) == [(acct.user["id"],)]
    # the provider really was the tenant issuer, with tid in its tokens
    assert env.idp.issuer("microsoft").endswith(f"/{env.idp.tenant}/v2.0")


def test_microsoft_multi_tenant_common_checks_the_issuer_against_tid(env):
    """[sso.entra]: tenant common, discovery names the issuer template .../{tenantid}/v2.0; a
    token's iss must be the template with its own tid."""
    acct = env.verified_account("entra")
    person = env.person("entra", email=acct.email, email_verified=True)
    result = env.login(person)
    assert result.location == f"{env.url}/app", result.location
    assert env.jwks_claims(bearer(result))["sub"] == acct.user["id"]
    assert env.identities_of_subject("entra", person.sub) == [(acct.user["id"],)]
    # a tid that does not match the issuer the token names
    liar = env.person("entra", email=acct.email, tid="72f988bf-86f1-41af-91ab-2d7cd011db47")
    assert env.login(liar).query("error") == "invalid_token"
    env.idp.mangle_next("microsoft", "no_tid")
    assert env.login(person).query("error") == "invalid_token"


def test_github_a_verified_primary_address_links(env):
    acct = env.verified_account("gh")
    person = env.person("github", email=acct.email, email_verified=True)
    result = env.login(person)
    assert result.location == f"{env.url}/app", result.location
    assert env.jwks_claims(bearer(result))["sub"] == acct.user["id"]
    assert env.identities_of_subject("github", person.sub) == [(acct.user["id"],)]
    # the stand-in was used the GitHub way: code exchanged, then /user and /user/emails read
    paths = [p.split("?")[0] for _, p in env.github.requests]
    assert "/login/oauth/access_token" in paths and "/user" in paths and "/user/emails" in paths


def test_github_an_unverified_primary_address_does_not_link(env):
    acct = env.verified_account("ghu")
    person = env.person("github", email=acct.email, email_verified=False)
    result = env.login(person)
    # an unverified primary address counts as none: either refused as unverified, or no address
    # at all (then a stranger without an invite)
    assert result.query("error") in ("email_not_verified", "signup_disabled"), result.location
    assert result.cookie(SESSION_COOKIE) is None
    assert env.identities_of_subject("github", person.sub) == []


def test_github_a_verified_secondary_address_is_not_the_primary(env):
    acct = env.verified_account("ghs")
    person = env.person("github", email=unique_email("primary"), email_verified=True)
    env.github.users[person.login]["emails"].append(
        {"email": acct.email, "primary": False, "verified": True, "visibility": None})
    result = env.login(person)
    assert result.query("error") == "signup_disabled", result.location
    assert env.identities_of_subject("github", person.sub) == []
