"""GET/PATCH /v1/me/profile and POST /v1/me/password."""

import pytest

from harness import PASSWORD, assert_bearer_problem, assert_problem, unique


def test_get_profile_returns_the_user(client):
    acct = client.register(username=unique("prof"), display_name="Grace", metadata={"k": 1})
    r = client.profile(acct.access)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0].strip() == "application/json"
    assert r.json() == acct.user


def test_profile_requires_a_token(client):
    assert_bearer_problem(client.get("/v1/me/profile"), "unauthorized")
    assert_bearer_problem(client.patch("/v1/me/profile", json={"display_name": "x"}), "unauthorized")


def test_patch_profile_updates_fields(client):
    acct = client.register()
    name = unique("new")
    meta = {"theme": "dark", "n": 42, "ratio": 0.5, "flags": [True, False, None],
            "nested": {"deep": {"list": [1, {"a": "b"}]}}, "unicode": "zoë ✓ 日本"}
    r = client.patch("/v1/me/profile", token=acct.access,
                     json={"username": name, "display_name": "Zoë Example", "metadata": meta})
    assert r.status_code == 200, r.text
    user = r.json()
    assert user["username"] == name
    assert user["display_name"] == "Zoë Example"
    assert user["metadata"] == meta
    assert user["id"] == acct.user["id"] and user["email"] == acct.user["email"]
    assert user["created_at"] == acct.user["created_at"]
    # round trip through storage
    again = client.profile(acct.access).json()
    assert again == user
    # the new username logs in
    assert client.login_raw(PASSWORD, username=name).status_code == 200


def test_patch_is_partial(client):
    acct = client.register(username=unique("part"), display_name="Before", metadata={"a": 1})
    r = client.patch("/v1/me/profile", token=acct.access, json={"display_name": "After"})
    assert r.status_code == 200, r.text
    u = r.json()
    assert u["display_name"] == "After"
    assert u["username"] == acct.user["username"]
    assert u["metadata"] == {"a": 1}
    r = client.patch("/v1/me/profile", token=acct.access, json={})
    assert r.status_code == 200, r.text
    assert r.json()["display_name"] == "After"


def test_patch_metadata_replaces_object(client):
    acct = client.register(metadata={"a": 1, "b": 2})
    r = client.patch("/v1/me/profile", token=acct.access, json={"metadata": {"c": 3}})
    assert r.status_code == 200, r.text
    assert client.profile(acct.access).json()["metadata"] in ({"c": 3}, {"a": 1, "b": 2, "c": 3})


def test_patch_taken_username_is_409(client):
    taken = unique("taken")
    client.register(username=taken)
    acct = client.register(username=unique("mine"))
    r = client.patch("/v1/me/profile", token=acct.access, json={"username": taken})
    assert_problem(r, 409, "conflict", field="username")
    assert client.profile(acct.access).json()["username"] == acct.user["username"]


def test_patch_own_username_to_itself_is_fine(client):
    name = unique("self")
    acct = client.register(username=name)
    r = client.patch("/v1/me/profile", token=acct.access, json={"username": name})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("metadata", [[1, 2, 3], "a string", 7, True])
def test_patch_metadata_must_be_an_object(client, metadata):
    acct = client.register()
    r = client.patch("/v1/me/profile", token=acct.access, json={"metadata": metadata})
    assert_problem(r, 400, "invalid_request")


@pytest.mark.parametrize("body", [{"email": "x@example.com"}, {"role": "admin"}, {"nickname": "x"},
                                  {"id": "00000000-0000-4000-8000-000000000000"}])
def test_patch_rejects_unknown_or_read_only_members(client, body):
    acct = client.register()
    r = client.patch("/v1/me/profile", token=acct.access, json=body)
    assert_problem(r, 400, "invalid_request")
    assert client.profile(acct.access).json() == acct.user


# ------------------------------------------------------------------------ password change

NEW_PASSWORD = "a brand new passphrase 42"


def test_password_change_wrong_old_password_is_401(client):
    acct = client.register()
    r = client.post("/v1/me/password", token=acct.access,
                    json={"old_password": "wrong wrong wrong", "new_password": NEW_PASSWORD})
    assert_problem(r, 401, "invalid_credentials")
    assert client.profile(acct.access).status_code == 200
    assert client.login_raw(PASSWORD, email=acct.email).status_code == 200
    assert client.login_raw(NEW_PASSWORD, email=acct.email).status_code == 401


def test_password_change_revokes_every_other_session(client):
    acct = client.register()
    other1, other2 = client.login(acct), client.login(acct)
    r = client.post("/v1/me/password", token=acct.access,
                    json={"old_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert r.status_code == 204, r.text
    for o in (other1, other2):
        assert_bearer_problem(client.profile(o.access), "token_invalid")
        assert_problem(client.refresh_raw(o.refresh), 401, "token_invalid")
    # the current session keeps working, access and refresh
    assert client.profile(acct.access).status_code == 200
    r = client.refresh_raw(acct.refresh)
    assert r.status_code == 200, r.text
    assert client.profile(r.json()["access_token"]).status_code == 200
    # new password logs in, old does not
    assert client.login_raw(NEW_PASSWORD, email=acct.email).status_code == 200
    assert_problem(client.login_raw(PASSWORD, email=acct.email), 401, "invalid_credentials")


@pytest.mark.parametrize("new", ["short", "1234567"])
def test_password_change_enforces_policy(client, new):
    acct = client.register()
    r = client.post("/v1/me/password", token=acct.access,
                    json={"old_password": PASSWORD, "new_password": new})
    assert_problem(r, 400, "invalid_request")
    assert client.login_raw(PASSWORD, email=acct.email).status_code == 200


def test_password_change_to_email_is_400(client):
    acct = client.register()
    r = client.post("/v1/me/password", token=acct.access,
                    json={"old_password": PASSWORD, "new_password": acct.email})
    assert_problem(r, 400, "invalid_request")


def test_password_change_requires_a_token(client):
    r = client.post("/v1/me/password", json={"old_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert_bearer_problem(r, "unauthorized")


@pytest.mark.parametrize("body", [{"old_password": PASSWORD},
                                  {"new_password": NEW_PASSWORD},
                                  {"old_password": PASSWORD, "new_password": 12345678},
                                  {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "x": 1}])
def test_password_change_bad_body_is_400(client, body):
    acct = client.register()
    r = client.post("/v1/me/password", token=acct.access, json=body)
    assert_problem(r, 400, "invalid_request")
