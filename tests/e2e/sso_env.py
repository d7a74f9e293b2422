"""A Portcullis server wired to the test identity providers, for the single sign-on suites
(test_sso_*.py): `[sso.google]` (issuer: the local Google stand-in), `[sso.microsoft]` (its tenant
issuer), `[sso.corp]` (kind oidc, trust_mfa on), `[sso.entra]` (kind microsoft, tenant common: the
multi-tenant issuer template checked against each token's tid; the microsoft client), `[sso.github]` (kind github, endpoints pointed at
the local stand-in), sso sign-up off, the redirect allowlist of flows.APP, mail through an SMTP sink
(invites). Every provider has a client registered for the server's callback URL.

    env = SsoEnv.start(module_server_pool, tmp_dir)     # module-scoped: IdP, GitHub, sink, server
    person = env.person("google", email=..., email_verified=True)   # an account at the provider
    result = env.login(person)                          # the browser-mode flow, by requests
    result.location, result.callback (the callback's answer), result.browser

A flow is driven like a browser: GET /v1/auth/<provider>/start, follow the redirects to the
provider's login form, post it, follow the redirects back to the callback and stop before the
callback's own redirect (to /app, the MFA page, the error page or the redirect_uri), which is
`result.location`.
"""

from __future__ import annotations

import http.cookiejar
import pathlib
import secrets
import urllib.parse
from dataclasses import dataclass, field

import jwt
import pytest
import requests

import harness
from admins import make_admin
from flows import APP
from harness import unique, unique_email
from mail_sink import MailSink
from sso_idp import Browser, GitHubStandIn, OidcHarness, require_node

SESSION_COOKIE = "hubrix_token"
# the refresh cookie's default name (harness.REFRESH_COOKIE where the harness names it)
REFRESH_COOKIE = getattr(harness, "REFRESH_COOKIE", "portcullis_refresh")
OIDC_PROVIDERS = ("google", "microsoft", "corp")
EVIL = "https://evil.example/steal"
# Portcullis provider names played by another harness provider
HARNESS_PROVIDER = {"entra": "microsoft"}


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml(tables: dict) -> str:
    """{"": {top-level keys}, "sso.google": {...}} -> TOML text."""
    lines = [f"{k} = {toml_value(v)}" for k, v in tables.get("", {}).items()]
    for name, keys in tables.items():
        if name:
            lines.append(f"\n[{name}]")
            lines.extend(f"{k} = {toml_value(v)}" for k, v in keys.items())
    return "\n".join(lines) + "\n"


class LoopbackBrowserPolicy(http.cookiejar.DefaultCookiePolicy):
    """Like a current browser: http://127.0.0.1 and http://localhost are secure contexts, so
    Secure cookies are kept and sent there (Chromium does the same for loopback hosts)."""

    @staticmethod
    def _loopback(request):
        return urllib.parse.urlsplit(request.get_full_url()).hostname in ("127.0.0.1", "localhost")

    def return_ok_secure(self, cookie, request):
        return not cookie.secure or request.type == "https" or self._loopback(request)


def loopback_browser() -> Browser:
    b = Browser()
    b.http.cookies.set_policy(LoopbackBrowserPolicy())
    return b


@dataclass
class Person:
    """An account at a provider: what its login form takes and what it asserts."""
    provider: str
    login: str
    password: str
    sub: str
    email: str | None
    email_verified: bool = True
    github_id: int | None = None


@dataclass
class FlowResult:
    browser: Browser
    start: requests.Response          # GET .../start's answer
    callback: requests.Response | None  # the callback's answer (None: the flow never got there)
    location: str | None              # where the callback sends the browser next
    callback_url: str | None = None   # the callback URL the provider sent the browser to
    hops: list = field(default_factory=list)

    def query(self, name):
        values = urllib.parse.parse_qs(urllib.parse.urlsplit(self.location or "").query).get(name)
        return values[0] if values else None

    def cookie(self, name):
        """The named cookie's value set by the callback, or None."""
        if self.callback is None:
            return None
        for raw in self.callback.raw.headers.getlist("Set-Cookie"):
            n, _, rest = raw.partition("=")
            if n.strip() == name:
                value = rest.split(";", 1)[0].strip()
                return value or None
        return None


class SsoEnv:
    def __init__(self, server, idp, github, sink, work_dir):
        self.server = server
        self.idp = idp
        self.github = github
        self.sink = sink
        self.work_dir = work_dir
        self.secrets = {}  # provider -> (client_id, client_secret)
        self._admin = None

    def verified_account(self, prefix="user"):
        """A password account whose owner proved the address (an instance admin marks it
        verified): only such an account is linked by a provider-verified email."""
        acct = self.server.client.register(unique_email(prefix))
        if self._admin is None:
            self._admin = make_admin(self.server)
        r = self.server.client.patch(f"/v1/admin/users/{acct.user['id']}",
                                     token=self._admin.access, json={"email_verified": True})
        assert r.status_code == 200, r.text
        return acct

    # --- setup

    @classmethod
    def start(cls, pool, work_dir: pathlib.Path, extra_env=None, **top_level):
        """Starts the IdP harness, the GitHub stand-in, an SMTP sink and a server configured for
        them; `top_level` adds or overrides top-level settings of the config file (sso_signup=True,
        ...), `extra_env` adds PORTCULLIS_* variables."""
        work_dir.mkdir(parents=True, exist_ok=True)
        idp = OidcHarness.start(work_dir / "idp")
        github = GitHubStandIn().start()
        sink = MailSink().start()
        env = cls(None, idp, github, sink, work_dir)
        try:
            for name in OIDC_PROVIDERS:
                env.secrets[name] = (f"portcullis-{name}-{unique('')}", secrets.token_urlsafe(32))
            env.secrets["github"] = (github.client_id, github.client_secret)
            config = work_dir / "sso.toml"
            config.write_text(toml(env.config_tables(**top_level)))
            env.server = pool(env=sink.env(PORTCULLIS_ALLOWED_REDIRECT_URLS=APP,
                                                    PORTCULLIS_JWT__ALG="RS256",
                                                    **(extra_env or {})),
                              args=["--config", str(config)])
            for name in OIDC_PROVIDERS:
                cid, secret = env.secrets[name]
                callbacks = [env.callback_url(name)]
                if name == "microsoft":
                    callbacks.append(env.callback_url("entra"))
                idp.add_client(name, cid, secret, callbacks)
            github.redirect_uris.append(env.callback_url("github"))
        except BaseException:
            env.stop()
            raise
        return env

    def config_tables(self, **top_level):
        google, microsoft, corp = (self.secrets[n] for n in OIDC_PROVIDERS)
        tables = {
            "": {"sso_signup": False, **top_level},
            "sso.google": {"client_id": google[0], "client_secret": google[1],
                           "issuer": self.idp.issuer("google"),
                           "scopes": ["openid", "email", "profile"]},
            "sso.microsoft": {"client_id": microsoft[0], "client_secret": microsoft[1],
                              "issuer": self.idp.issuer("microsoft"), "tenant": self.idp.tenant,
                              "scopes": ["openid", "email", "profile"]},
            "sso.entra": {"kind": "microsoft", "client_id": microsoft[0],
                          "client_secret": microsoft[1], "tenant": "common",
                          "issuer": self.idp.microsoft_common_issuer},
            "sso.corp": {"kind": "oidc", "client_id": corp[0], "client_secret": corp[1],
                         "issuer": self.idp.issuer("corp"), "trust_mfa": True},
            "sso.github": {"kind": "github", "client_id": self.github.client_id,
                           "client_secret": self.github.client_secret,
                           "github_authorize_url": f"{self.github.url}/login/oauth/authorize",
                           "github_token_url": f"{self.github.url}/login/oauth/access_token",
                           "github_api_url": self.github.url},
        }
        return tables

    def stop(self):
        self.idp.stop()
        self.github.stop()
        self.sink.stop()

    # --- URLs

    @property
    def url(self):
        return self.server.url

    def callback_url(self, provider):
        return f"{self.server.url}/v1/auth/{provider}/callback"

    def start_url(self, provider, **params):
        q = urllib.parse.urlencode(params)
        return f"{self.server.url}/v1/auth/{provider}/start" + (f"?{q}" if q else "")

    # --- accounts at the providers

    def person(self, provider, *, email="", email_verified=True, name=None, amr=None,
               **claims) -> Person:
        """A new account at `provider` (email "" = a fresh unique address; None = no email)."""
        login = unique("idp")
        password = "pw-" + secrets.token_hex(6)
        email = unique_email("sso") if email == "" else email
        if provider == "github":
            gid = secrets.randbelow(10**9) + 1000
            emails = [] if email is None else [
                {"email": email, "primary": True, "verified": email_verified}]
            self.github.add_user(login, password, id=gid, name=name, emails=emails)
            return Person(provider, login, password, str(gid), email, email_verified, gid)
        sub = unique("sub")
        self.idp.add_account(HARNESS_PROVIDER.get(provider, provider), login, password, sub=sub, email=email,
                             email_verified=email_verified, name=name, amr=amr, **claims)
        return Person(provider, login, password, sub, email, email_verified)

    # --- the flow

    def is_callback(self, url):
        return urllib.parse.urlsplit(url).path.startswith("/v1/auth/") and \
            url.startswith(self.server.url) and "/callback" in url

    def at_provider(self, url):
        host = urllib.parse.urlsplit(url).netloc
        provider_hosts = {urllib.parse.urlsplit(i).netloc for i in self.idp.issuers.values()}
        provider_hosts.add(urllib.parse.urlsplit(self.github.url).netloc)
        return host in provider_hosts

    def to_callback(self, person: Person | None, browser=None, *, cancel=False, **start_params):
        """Starts a flow and signs in at the provider; stops before requesting the callback.
        Returns (browser, start response, callback URL or None, last response)."""
        b = browser or loopback_browser()
        provider = person.provider if person else start_params.pop("provider")
        start = b.get(self.start_url(provider, **start_params))
        if start.status_code != 302:
            return b, start, None, start
        target = urllib.parse.urljoin(start.url, start.headers["Location"])
        if not self.at_provider(target):
            # The start ended the flow itself (a dead invite, an unreachable provider): it sent
            # the browser straight to where a failed flow ends.
            assert "error=" in target, f"start sent the browser to {target}"
            return b, start, None, start
        stop_here = lambda u: not self.at_provider(u)  # noqa: E731
        page, stop = b.follow(target, until=stop_here)
        if stop is None:  # the login form
            assert page.status_code == 200, (page.status_code, page.text[:300])
            if cancel:
                page, stop = b.cancel(page, until=stop_here)
            else:
                page, stop = b.sign_in(page, person.login, person.password, until=stop_here)
        assert stop and self.is_callback(stop), f"the provider sent the browser to {stop}"
        return b, start, stop, page

    def finish(self, b, start, callback_url) -> FlowResult:
        """Requests the callback URL in browser `b`; the result names where it sends it next."""
        r = b.get(callback_url)
        loc = urllib.parse.urljoin(callback_url, r.headers["Location"]) \
            if r.status_code in (302, 303) and "Location" in r.headers else None
        return FlowResult(b, start, r, loc, callback_url, list(b.hops))

    def login(self, person: Person, browser=None, **start_params) -> FlowResult:
        """The whole flow: start, provider login, callback. start_params: redirect_uri=...,
        invite=..., code_challenge=..."""
        b, start, cb, _ = self.to_callback(person, browser, **start_params)
        if cb is None:
            ended = urllib.parse.urljoin(start.url, start.headers["Location"]) \
                if start.status_code in (302, 303) and "Location" in start.headers else None
            return FlowResult(b, start, None, ended)
        return self.finish(b, start, cb)

    # --- checks

    def jwks_claims(self, token):
        """The access token's claims, its signature verified with /.well-known/jwks.json (or,
        when the server signs with HS256, with the suite's secret)."""
        header = jwt.get_unverified_header(token)
        if header["alg"].startswith("HS"):
            from harness import JWT_SECRET
            return jwt.decode(token, JWT_SECRET, algorithms=[header["alg"]],
                              options={"verify_aud": False})
        keys = jwt.PyJWKClient(f"{self.server.url}/.well-known/jwks.json", cache_keys=False)
        key = keys.get_signing_key_from_jwt(token)
        return jwt.decode(token, key.key, algorithms=[header["alg"]], options={"verify_aud": False})

    def users_with_email(self, email):
        return self.server.query("SELECT id FROM users WHERE email = ?", (email.lower(),))

    def identities_of_subject(self, provider, subject):
        return self.server.query(
            "SELECT user_id FROM identities WHERE provider = ? AND subject = ?", (provider, subject))


@pytest.fixture(scope="module", name="env")
def module_sso_env(module_server_pool, tmp_path_factory):
    """The `env` of a single sign-on suite: one SsoEnv (server, identity providers, mail sink) per
    test module. A suite imports this function to use it."""
    require_node()
    e = SsoEnv.start(module_server_pool, tmp_path_factory.mktemp("sso"))
    yield e
    e.stop()
