"""The outside identity providers of the single sign-on suites (test_sso_*.py): the node
oidc-provider harness of tests/idp/ (Google, Microsoft with a tenant issuer, a generic OIDC provider
"corp"), a small GitHub stand-in, and a browser-like driver that follows redirects and posts the
provider's login form.

    idp = OidcHarness.start(tmp_dir)           # node tests/idp/server.mjs on free loopback ports
    idp.add_client("google", client_id, secret, [callback_url])
    idp.add_account("google", login, password, sub=..., email=..., email_verified=True)
    idp.mangle_next("google", "wrong_aud")    # the next ID token is bad, once
    idp.rotate("google")                       # a new signing key (the old kid is gone)
    github = GitHubStandIn().start()           # /login/oauth/authorize, /access_token, /user, ...

Node and its packages: `node_dir()` is where tests/idp's npm packages are installed
($PORTCULLIS_E2E_NODE_DIR, default build/e2e-node); `ensure_node_packages()` installs them there
with `npm ci` when missing (.ci's run does it once before the suites, with tests/idp/install.sh).
The suites skip only when node (or, for the browser test, chromium) is not installed at all, and
fail instead when PORTCULLIS_E2E_REQUIRE_SSO_TOOLS=1 (.ci's run sets it).
"""

from __future__ import annotations

import fcntl
import html.parser
import json
import os
import pathlib
import secrets
import shutil
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from harness import REPO, USER_AGENT

IDP_SOURCE = REPO / "tests" / "idp"
NODE_DIR = pathlib.Path(os.environ.get("PORTCULLIS_E2E_NODE_DIR") or REPO / "build" / "e2e-node")
PACKAGE_FILES = ("package.json", "package-lock.json", ".npmrc")
INSTALL_LOCK = threading.Lock()


def node_dir() -> pathlib.Path:
    return NODE_DIR


# Set by .ci's run: a missing tool fails the suites instead of skipping them.
TOOLS_REQUIRED = os.environ.get("PORTCULLIS_E2E_REQUIRE_SSO_TOOLS") == "1"


def require_tool(name, why):
    """Skips the test when the program `name` is not installed (fails it in CI)."""
    if shutil.which(name) is None:
        message = f"{name} not installed ({why}; .ci's run installs it)"
        if TOOLS_REQUIRED:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def require_node():
    require_tool("node", "the test identity provider runs on node")
    require_tool("npm", "the test identity provider's packages are installed with npm")


def ensure_node_packages() -> pathlib.Path:
    """tests/idp's pinned npm packages installed under node_dir() (npm ci when missing or when
    the lock changed); returns the directory holding node_modules and the harness scripts."""
    require_node()
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    # one installer at a time, across pytest-xdist workers too
    with INSTALL_LOCK, open(NODE_DIR / ".install-lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        lock = (IDP_SOURCE / "package-lock.json").read_bytes()
        stamp = NODE_DIR / ".installed-lock"
        if not (NODE_DIR / "node_modules").is_dir() or not stamp.exists() \
                or stamp.read_bytes() != lock:
            for f in PACKAGE_FILES:
                shutil.copy(IDP_SOURCE / f, NODE_DIR / f)
            p = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR,
                               capture_output=True, text=True, timeout=600)
            assert p.returncode == 0, f"npm ci in {NODE_DIR} failed:\n{p.stdout}\n{p.stderr}"
            stamp.write_bytes(lock)
        # ES modules resolve packages next to the script, not through NODE_PATH: the harness
        # scripts run from copies beside node_modules
        for script in IDP_SOURCE.glob("*.mjs"):
            tmp = NODE_DIR / f".{script.name}.{os.getpid()}"
            shutil.copy(script, tmp)
            os.replace(tmp, NODE_DIR / script.name)
    return NODE_DIR


def node_env() -> dict:
    """Environment for node scripts of tests/idp: their packages resolve from node_dir()."""
    env = dict(os.environ)
    env["NODE_PATH"] = str(ensure_node_packages() / "node_modules")
    return env


# ---------------------------------------------------------------------------------------------
# the OpenID Connect providers


class OidcHarness:
    """tests/idp/server.mjs running on free loopback ports; its control routes as methods."""

    def __init__(self, proc, ready, log_path):
        self.proc = proc
        self.main = ready["main"]
        self.google_port = ready["google"]
        self.tenant = ready["tenant"]
        self.issuers = ready["issuers"]
        self.log_path = log_path
        self.control = f"http://127.0.0.1:{self.main}/_control"

    @classmethod
    def start(cls, work_dir: pathlib.Path) -> "OidcHarness":
        env = node_env()
        script = NODE_DIR / "server.mjs"
        work_dir.mkdir(parents=True, exist_ok=True)
        log_path = work_dir / "idp.log"
        log = open(log_path, "wb")
        proc = subprocess.Popen(["node", str(script)], cwd=NODE_DIR, env=env,
                                stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        line = b""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith(b"{"):
                ready = json.loads(line)
                harness = cls(proc, ready, log_path)
                threading.Thread(target=harness._drain, daemon=True).start()
                return harness
        proc.kill()
        proc.wait()
        log.close()
        pytest.fail(f"test IdP did not start: {line!r}\n{log_path.read_text(errors='replace')}",
                    pytrace=False)

    def _drain(self):
        for _ in self.proc.stdout:
            pass

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def _post(self, route, body):
        r = requests.post(f"{self.control}/{route}", json=body, timeout=30)
        assert r.status_code == 200, f"IdP control {route}: {r.status_code} {r.text}"
        return r.json()

    def issuer(self, provider):
        return self.issuers[provider]

    @property
    def microsoft_common_issuer(self):
        """The multi-tenant issuer (like login.microsoftonline.com/common/v2.0): its discovery
        names the issuer template .../{tenantid}/v2.0; the tokens are the microsoft provider's."""
        return f"http://127.0.0.1:{self.main}/common/v2.0"

    def add_client(self, provider, client_id, client_secret, redirect_uris,
                   auth_method="client_secret_basic"):
        self._post("clients", {"provider": provider, "client_id": client_id,
                               "client_secret": client_secret, "redirect_uris": redirect_uris,
                               "token_endpoint_auth_method": auth_method})

    def add_account(self, provider, login, password, *, sub, email=None, email_verified=True,
                    name=None, amr=None, **extra_claims):
        claims = {"sub": sub, **extra_claims}
        if email is not None:
            claims["email"] = email
            claims["email_verified"] = email_verified
        if name is not None:
            claims["name"] = name
        self._post("accounts", {"provider": provider, "login": login, "password": password,
                                "claims": claims, "amr": amr or []})

    def rotate(self, provider) -> str:
        return self._post("rotate", {"provider": provider})["kid"]

    def mangle_next(self, provider, mode):
        self._post("mangle", {"provider": provider, "mode": mode})

    def token_requests(self, provider):
        r = requests.get(f"{self.control}/token_requests", params={"provider": provider},
                         timeout=30)
        assert r.status_code == 200, r.text
        return r.json()

    def discovery(self, provider):
        r = requests.get(self.issuer(provider) + "/.well-known/openid-configuration", timeout=30)
        assert r.status_code == 200, r.text
        return r.json()

    def read_log(self):
        return self.log_path.read_text(errors="replace")


# ---------------------------------------------------------------------------------------------
# GitHub


class GitHubStandIn:
    """GitHub's OAuth 2.0 web flow and the two API routes a login reads, on a free loopback port:
    GET /login/oauth/authorize (a form), POST /login/oauth/access_token, GET /user,
    GET /user/emails. Users are added with add_user(login, password, id=..., emails=[...])."""

    def __init__(self):
        self.client_id = "github-" + secrets.token_hex(4)
        self.client_secret = secrets.token_urlsafe(24)
        self.redirect_uris = []
        self.users = {}       # login -> {"password", "id", "name", "emails": [...]}
        self.codes = {}       # code -> (login, redirect_uri, state)
        self.tokens = {}      # access token -> login
        self.requests = []    # (method, path) of every request, for the tests
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add_user(self, login, password, *, id, name=None, emails=()):
        """emails: dicts {"email", "primary", "verified"} as GitHub lists them."""
        self.users[login] = {"password": password, "id": id, "name": name,
                             "emails": [dict(e, visibility=None) for e in emails]}

    def start(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                stand_in.requests.append(("GET", self.path))
                stand_in.handle_get(self)

            def do_POST(self):
                stand_in.requests.append(("POST", self.path))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                stand_in.handle_post(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @staticmethod
    def reply(h, status, body, content_type="application/json", headers=None):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def handle_get(self, h):
        parts = urllib.parse.urlsplit(h.path)
        q = dict(urllib.parse.parse_qsl(parts.query))
        if parts.path == "/login/oauth/authorize":
            if q.get("client_id") != self.client_id or q.get("redirect_uri") not in self.redirect_uris:
                return self.reply(h, 400, "bad client_id or redirect_uri", "text/plain")
            form = ("<!doctype html><html><body><h1>Sign in to GitHub</h1>"
                    f'<form id="login" method="post" action="/session?{html_escape(parts.query)}">'
                    '<input id="login-name" name="login"><input id="login-password" '
                    'name="password" type="password"><button id="login-submit">Sign in</button>'
                    "</form></body></html>")
            return self.reply(h, 200, form, "text/html; charset=utf-8")
        login = self.bearer_login(h)
        if parts.path in ("/user", "/user/emails") and login is None:
            return self.reply(h, 401, {"message": "Bad credentials"})
        if parts.path == "/user":
            u = self.users[login]
            public = next((e["email"] for e in u["emails"] if e["primary"]), None)
            return self.reply(h, 200, {"login": login, "id": u["id"], "name": u["name"],
                                       "email": public})
        if parts.path == "/user/emails":
            return self.reply(h, 200, self.users[login]["emails"])
        return self.reply(h, 404, {"message": "Not Found"})

    def bearer_login(self, h):
        auth = h.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() not in ("bearer", "token"):
            return None
        return self.tokens.get(token.strip())

    def handle_post(self, h, body):
        parts = urllib.parse.urlsplit(h.path)
        form = dict(urllib.parse.parse_qsl(body))
        if parts.path == "/session":  # the login form
            q = dict(urllib.parse.parse_qsl(parts.query))
            user = self.users.get(form.get("login"))
            if user is None or user["password"] != form.get("password"):
                return self.reply(h, 200, "<p id='error'>Incorrect username or password.</p>",
                                  "text/html")
            code = secrets.token_hex(10)
            self.codes[code] = (form["login"], q["redirect_uri"], q.get("state"))
            target = q["redirect_uri"] + "?" + urllib.parse.urlencode(
                {"code": code, "state": q.get("state", "")})
            return self.reply(h, 302, "", "text/plain", {"Location": target})
        if parts.path == "/login/oauth/access_token":
            basic = h.headers.get("Authorization", "")
            cid, secret = form.get("client_id"), form.get("client_secret")
            if basic.lower().startswith("basic "):
                import base64
                cid, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            if cid != self.client_id or secret != self.client_secret:
                answer = {"error": "incorrect_client_credentials"}
            else:
                entry = self.codes.pop(form.get("code", ""), None)
                if entry is None or entry[1] != form.get("redirect_uri", entry[1]):
                    answer = {"error": "bad_verification_code"}
                else:
                    token = "gho_" + secrets.token_hex(18)
                    self.tokens[token] = entry[0]
                    answer = {"access_token": token, "token_type": "bearer",
                              "scope": "read:user,user:email"}
            # GitHub answers 200 even for errors; JSON only when asked for
            if "json" in h.headers.get("Accept", ""):
                return self.reply(h, 200, answer)
            return self.reply(h, 200, urllib.parse.urlencode(answer),
                              "application/x-www-form-urlencoded")
        return self.reply(h, 404, {"message": "Not Found"})


def html_escape(s):
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


# ---------------------------------------------------------------------------------------------
# a browser made of requests


class _Forms(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []  # {"id", "action", "method", "fields": {name: value}}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"id": a.get("id"), "action": a.get("action", ""),
                               "method": (a.get("method") or "get").lower(), "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value", "")


def forms_of(page_html):
    p = _Forms()
    p.feed(page_html)
    return p.forms


class JarPolicySession(requests.Session):
    """A requests.Session whose Cookie header obeys its own jar's policy. requests builds the
    header from a fresh jar with the default policy, which would ignore a policy set on
    `self.cookies` (e.g. one that sends Secure cookies to loopback hosts, as browsers do)."""

    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        prepared.headers.pop("Cookie", None)
        cookies = requests.cookies.RequestsCookieJar()
        cookies.set_policy(self.cookies.get_policy())
        requests.cookies.merge_cookies(cookies, self.cookies)
        requests.cookies.merge_cookies(cookies, request.cookies or {})
        prepared.prepare_cookies(cookies)
        return prepared


class Browser:
    """A requests.Session that follows redirects one by one (so each hop can be checked) and fills
    in a provider's login form. Cookies are kept per host like a browser's (one jar)."""

    def __init__(self):
        self.http = JarPolicySession()
        self.http.headers["User-Agent"] = USER_AGENT
        self.hops = []  # every (status, url) visited

    def get(self, url, **kw):
        return self.http.get(url, allow_redirects=False, timeout=30, **kw)

    def follow(self, url, *, until=None, method="GET", data=None, max_hops=15):
        """Requests url and follows redirects; stops at a non-redirect answer, or before
        requesting a URL for which until(url) is true (returns (response, stop_url))."""
        r = self.http.request(method, url, data=data, allow_redirects=False, timeout=30)
        self.hops.append((r.status_code, url))
        for _ in range(max_hops):
            if r.status_code not in (301, 302, 303, 307, 308):
                return r, None
            nxt = urllib.parse.urljoin(r.url, r.headers["Location"])
            if until is not None and until(nxt):
                return r, nxt
            r = self.http.get(nxt, allow_redirects=False, timeout=30)
            self.hops.append((r.status_code, nxt))
        raise AssertionError(f"too many redirects: {self.hops[-max_hops:]}")

    def sign_in(self, page, login, password, *, until=None):
        """Posts the login form on `page` (a provider's login page) with the credentials and
        follows the redirects that come back."""
        forms = [f for f in forms_of(page.text) if f["id"] == "login"]
        assert forms, f"no login form at {page.url}: {page.text[:300]}"
        form = forms[0]
        fields = dict(form["fields"], login=login, password=password)
        action = urllib.parse.urljoin(page.url, form["action"])
        return self.follow(action, method="POST", data=fields, until=until)

    def cancel(self, page, *, until=None):
        forms = [f for f in forms_of(page.text) if f["id"] == "abort"]
        assert forms, f"no cancel form at {page.url}"
        action = urllib.parse.urljoin(page.url, forms[0]["action"])
        return self.follow(action, method="POST", data={}, until=until)
