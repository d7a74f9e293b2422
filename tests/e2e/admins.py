"""Helpers for the admin API suites: an instance admin made the operator's way (`portcullis user
create --role admin` against the test server's database), the binary's user commands run against
that database, and the admin routes' requests.

    admin = make_admin(server)                      # an Account signed in, instance_role admin
    items = all_items(server.client, "/v1/admin/audit", admin.access, type="login")  # every page
    r = admin_get(server.client, admin, "/v1/admin/users", params={"query": "x"})
    p = user_cli(server, "disable", email)          # CompletedProcess
"""

from __future__ import annotations

from harness import PASSWORD, Account, base_env, run_cli, unique_email


def cli_env(server):
    return base_env({"PORTCULLIS_DATABASE": server.database,
                     "PORTCULLIS_DATA_DIR": str(server.data_dir)})


def user_cli(server, *args, input_=None):
    return run_cli(["user", *args], env=cli_env(server), input_=input_)


def make_admin(server, prefix="admin") -> Account:
    email = unique_email(prefix)
    p = user_cli(server, "create", "--email", email, "--role", "admin", input_=PASSWORD + "\n")
    assert p.returncode == 0, f"user create: {p.returncode} {p.stdout} {p.stderr}"
    acct = server.client.login(Account(email, PASSWORD, {}))
    assert acct.user["instance_role"] == "admin"
    return acct


def page(client, path, token, **params):
    """One page of a list of the admin and audit APIs (`{items, next_cursor}`, nothing else)."""
    r = client.get(path, token=token, params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"items", "next_cursor"}
    return body


def all_items(client, path, token, **params):
    """Every item of such a list, following next_cursor to the last page."""
    items, cursor = [], None
    while True:
        body = page(client, path, token, **dict(params, **({"cursor": cursor} if cursor else {})))
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def all_users(client, admin, query="", limit=200):
    """Every page of GET /v1/admin/users, in order."""
    return all_items(client, "/v1/admin/users", admin.access, query=query, limit=limit)
