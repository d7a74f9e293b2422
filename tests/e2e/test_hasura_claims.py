"""Hasura claims and HBP's environment names, end to end: every access token carries the object
Hasura reads under jwt_claims_namespace (checked with PyJWT), roles asked for at an HBP
registration narrow ALLOWED_USER_ROLES or are refused, custom fields come from the user's
metadata, and an HBP deployment's bare environment variables (MAGIC_LINK_ENABLED, ...) set the
matching settings below every PORTCULLIS_ source (docs/HASURA.md)."""

import jwt
import pytest

from harness import JWT_SECRET, PASSWORD, unique_email

NAMESPACE = "https://hasura.io/jwt/claims"


def decoded(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})


def hbp_register(client, **extra):
    body = {"email": unique_email("hasura"), "password": PASSWORD, "cookie": False, **extra}
    return client.post("/auth/register", json=body)


def test_a_native_login_carries_the_default_hasura_claims(client):
    acct = client.register()
    claims = decoded(acct.access)
    assert claims[NAMESPACE] == {
        "x-hasura-user-id": claims["sub"],
        "x-hasura-default-role": "user",
        "x-hasura-allowed-roles": ["user"],
    }
    # Refreshed tokens carry them too.
    r = client.refresh_raw(acct.refresh)
    assert r.status_code == 200, r.text
    assert decoded(r.json()["access_token"])[NAMESPACE]["x-hasura-user-id"] == claims["sub"]


def test_roles_asked_for_at_registration_narrow_the_allowed_roles(start_server):
    server = start_server(env={"ALLOWED_USER_ROLES": "user,editor,me",
                               "DEFAULT_ALLOWED_USER_ROLES": "user,me"})
    c = server.client
    r = hbp_register(c, register_options={"allowed_roles": ["user", "editor"],
                                          "default_role": "editor"})
    assert r.status_code == 200, r.text
    hasura = decoded(r.json()["jwt_token"])[NAMESPACE]
    assert hasura["x-hasura-default-role"] == "editor"
    assert sorted(hasura["x-hasura-allowed-roles"]) == ["editor", "user"]
    # Without register_options: the instance's defaults.
    r = hbp_register(c)
    assert r.status_code == 200, r.text
    hasura = decoded(r.json()["jwt_token"])[NAMESPACE]
    assert hasura["x-hasura-default-role"] == "user"
    assert sorted(hasura["x-hasura-allowed-roles"]) == ["me", "user"]
    # A role ALLOWED_USER_ROLES does not permit, or a default role outside the allowed ones: 400.
    r = hbp_register(c, register_options={"allowed_roles": ["user", "admin"]})
    assert r.status_code == 400, r.text
    assert r.json()["statusCode"] == 400
    r = hbp_register(c, register_options={"allowed_roles": ["user"], "default_role": "editor"})
    assert r.status_code == 400, r.text


def test_custom_fields_come_from_the_users_metadata(start_server):
    server = start_server(env={"JWT_CUSTOM_FIELDS": "company_id",
                               "REGISTRATION_CUSTOM_FIELDS": "company_id"})
    r = hbp_register(server.client, user_data={"company_id": "c-9"})
    assert r.status_code == 200, r.text
    assert decoded(r.json()["jwt_token"])[NAMESPACE]["x-hasura-company-id"] == "c-9"
    r = hbp_register(server.client)
    assert r.status_code == 200, r.text
    assert "x-hasura-company-id" not in decoded(r.json()["jwt_token"])[NAMESPACE]


def test_the_namespace_follows_jwt_claims_namespace(start_server):
    server = start_server(env={"JWT_CLAIMS_NAMESPACE": "https://example.com/claims"})
    claims = decoded(server.client.register().access)
    assert NAMESPACE not in claims
    assert claims["https://example.com/claims"]["x-hasura-default-role"] == "user"


@pytest.mark.parametrize("hasura_claims, present", [(None, False), ("true", True)])
def test_without_the_hbp_dialect_the_claims_follow_hasura_claims(start_server, hasura_claims,
                                                                 present):
    env = {"PORTCULLIS_DIALECTS__HBP__ENABLED": "false"}
    if hasura_claims is not None:
        env["PORTCULLIS_HASURA_CLAIMS"] = hasura_claims
    server = start_server(env=env)
    assert (NAMESPACE in decoded(server.client.register().access)) is present
    assert server.client.post("/auth/login", json={}).status_code == 404


def test_hbp_environment_names_set_the_flags_below_portcullis_variables(start_server):
    email = unique_email("magic")
    on = start_server(env={"MAGIC_LINK_ENABLED": "true"})
    assert on.client.post("/v1/auth/magic-link", json={"email": email}).status_code == 202
    # A PORTCULLIS_ variable wins over the HBP name.
    off = start_server(env={"MAGIC_LINK_ENABLED": "true", "PORTCULLIS_MAGIC_LINK_ENABLED": "false"})
    assert off.client.post("/v1/auth/magic-link", json={"email": email}).status_code == 404
    # And so does a flag.
    flagged = start_server(env={"MAGIC_LINK_ENABLED": "false"}, args=["--magic_link_enabled", "true"])
    assert flagged.client.post("/v1/auth/magic-link", json={"email": email}).status_code == 202


def test_a_user_cannot_write_a_metadata_member_that_becomes_a_claim(start_server):
    # JWT_CUSTOM_FIELDS members are claims Hasura trusts: only registration_custom_fields at sign-up
    # (HBP's rule) and instance admins may set them, never the user's own profile update.
    server = start_server(env={"JWT_CUSTOM_FIELDS": "org_id"})
    c = server.client
    r = c.register_raw(metadata={"org_id": "victim-org"})
    assert r.status_code == 400, r.text
    acct = c.register(metadata={"nick": "ann"})
    r = c.patch("/v1/me/profile", token=acct.access,
                json={"metadata": {"nick": "ann", "org_id": "victim-org"}})
    assert r.status_code == 400, r.text
    r = c.refresh_raw(acct.refresh)
    assert r.status_code == 200, r.text
    assert "x-hasura-org-id" not in decoded(r.json()["access_token"])[NAMESPACE]
    # A registration may set it where REGISTRATION_CUSTOM_FIELDS names it (HBP's rule).
    named = start_server(env={"JWT_CUSTOM_FIELDS": "org_id",
                              "REGISTRATION_CUSTOM_FIELDS": "org_id"})
    r = hbp_register(named.client, user_data={"org_id": "own-org"})
    assert r.status_code == 200, r.text
    assert decoded(r.json()["jwt_token"])[NAMESPACE]["x-hasura-org-id"] == "own-org"
