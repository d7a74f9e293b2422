// Test identity provider for the single sign-on end-to-end suite: node oidc-provider playing
// Google (root issuer on its own port), Microsoft (tenant issuer /<tid>/v2.0) and a generic
// OpenID Connect provider (/corp), with a username/password login form, accounts and clients the
// tests register, signing-key rotation and a one-shot ID-token mangling mode for negative tests.
// Loopback only. One process, single-threaded (node's event loop); state lives in memory.
//
// env: IDP_TENANT (Microsoft tenant id, default a fixed UUID), IDP_MAIN_PORT / IDP_GOOGLE_PORT
// (0 = any free port). On start it prints one JSON line {"ready":true,"main":port,"google":port,
// "issuers":{name: issuer}} to stdout.
//
// Control routes (main port, JSON bodies):
//   POST /_control/clients  {provider, client_id, client_secret, redirect_uris: [...]}
//   POST /_control/accounts {provider, login, password, claims: {sub, email, ...}, amr: [...]}
//   POST /_control/rotate   {provider}                -> {kid} (a new signing key; old one gone)
//   POST /_control/mangle   {provider, mode}          -> the next ID token is mangled once:
//        wrong_aud | expired | wrong_nonce | wrong_iss | tampered | foreign_key | alg_none |
//        hs256_public | no_tid
//   GET  /_control/token_requests?provider=           -> what the token endpoint was sent
//   GET  /common/v2.0/.well-known/openid-configuration -> Microsoft's multi-tenant discovery: the
//        microsoft provider's, with the issuer template http://.../{tenantid}/v2.0
//   GET  /healthz
import http from "node:http";
import crypto from "node:crypto";
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import Provider from "oidc-provider";

const HOST = "127.0.0.1";
const TENANT = process.env.IDP_TENANT || "9188040d-6c67-4c5b-b112-36a304b66dad";

// --- state the tests control -----------------------------------------------------------------

const accounts = new Map();      // `${provider}:${login}` -> {password, claims, amr}
const accountsBySub = new Map(); // `${provider}:${sub}` -> same
const clients = new Map();       // provider -> [client metadata]
const mangles = new Map();       // provider -> mode (consumed by the next token response)
const tokenRequests = new Map(); // provider -> [{grant_type, code_verifier, client_id, auth}]
const signingKeys = new Map();   // provider -> {privateKey, jwk}

async function newSigningKey(provider) {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const kid = `${provider}-${crypto.randomBytes(6).toString("hex")}`;
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" };
  const key = { privateKey, jwk };
  signingKeys.set(provider, key);
  return key;
}

// --- the providers -----------------------------------------------------------------------------

// name -> {issuer, prefix (mount path on its port), port key, instance}
const providers = new Map();

function pathPrefix(issuer) {
  const p = new URL(issuer).pathname;
  return p === "/" ? "" : p.replace(/\/$/, "");
}

function buildProvider(name) {
  const spec = providers.get(name);
  const prefix = pathPrefix(spec.issuer);
  const key = signingKeys.get(name);
  const claims = { openid: ["sub", "amr", "auth_time"], email: ["email", "email_verified"], profile: ["name"] };
  if (name === "microsoft") claims.openid.push("tid");
  const provider = new Provider(spec.issuer, {
    clients: clients.get(name) || [],
    jwks: { keys: [key.jwk] },
    scopes: ["openid", "email", "profile", "User.Read"],
    claims,
    conformIdTokenClaims: false, // like Google: the profile claims are in the ID token too
    pkce: { required: () => true },
    cookies: {
      keys: [crypto.randomBytes(32).toString("hex")],
      names: { session: `_idp_${name}_session`, interaction: `_idp_${name}_interaction`,
               resume: `_idp_${name}_resume` },
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = accountsBySub.get(`${name}:${sub}`);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ ...account.claims, sub }) };
    },
    // First-party test clients: consent is implied (the scopes asked for are granted).
    loadExistingGrant: async (ctx) => {
      const clientId = ctx.oidc.client.clientId;
      const existing = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope || "openid");
      grant.addOIDCClaims(["email", "email_verified", "name", "tid"]);
      for (const s of String(ctx.oidc.params.scope || "").split(" ")) {
        if (s && !["openid", "email", "profile", "offline_access"].includes(s)) {
          grant.addResourceScope("urn:test:resource", s);
        }
      }
      await grant.save();
      ctx.oidc.session.ensureClientContainer(clientId);
      ctx.oidc.session.grantIdFor(clientId, grant.jti);
      return grant;
    },
    ttl: { Session: 3600, Interaction: 600, AuthorizationCode: 120, IdToken: 600,
           AccessToken: 600, Grant: 3600 },
  });
  provider.proxy = false;
  provider.on("server_error", (_ctx, err) => console.error(`[${name}] server_error`, err));
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route !== "token") return;
    recordTokenRequest(name, ctx);
    if (ctx.status === 200 && ctx.body?.id_token) {
      const mode = mangles.get(name);
      if (mode) {
        mangles.delete(name);
        ctx.body = { ...ctx.body, id_token: await mangle(name, ctx.body.id_token, mode) };
      }
    }
  });
  spec.instance = provider;
  spec.callback = provider.callback();
}

function recordTokenRequest(name, ctx) {
  const params = ctx.oidc.params || {};
  const list = tokenRequests.get(name) || [];
  list.push({ status: ctx.status, grant_type: params.grant_type || null,
              client_auth: (ctx.get("authorization") || "").split(" ")[0].toLowerCase() || "none",
              code_verifier: Boolean(params.code_verifier), redirect_uri: params.redirect_uri || null });
  tokenRequests.set(name, list);
}

// --- ID-token mangling ---------------------------------------------------------------------------

const b64url = (buf) => Buffer.from(buf).toString("base64url");

async function mangle(name, idToken, mode) {
  const header = decodeProtectedHeader(idToken);
  const payload = decodeJwt(idToken);
  const key = signingKeys.get(name);
  const resign = async (p, signer = key) =>
    new SignJWT(p).setProtectedHeader({ alg: "RS256", kid: signer.jwk.kid }).sign(signer.privateKey);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case "wrong_aud":
      return resign({ ...payload, aud: "someone-else", azp: undefined });
    case "expired":
      return resign({ ...payload, iat: now - 7200, exp: now - 3600 });
    case "wrong_nonce":
      return resign({ ...payload, nonce: b64url(crypto.randomBytes(16)) });
    case "wrong_iss":
      return resign({ ...payload, iss: "http://127.0.0.1:1/elsewhere" });
    case "no_tid": {
      const { tid, ...rest } = payload;
      return resign(rest);
    }
    case "tampered": {
      // the payload changes after signing (another subject): the signature no longer matches
      const parts = idToken.split(".");
      parts[1] = b64url(JSON.stringify({ ...payload, sub: `${payload.sub}-tampered` }));
      return parts.join(".");
    }
    case "foreign_key": {
      // signed by a key the provider never published (under the published kid)
      const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
      return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: key.jwk.kid })
        .sign(privateKey);
    }
    case "alg_none":
      return `${b64url(JSON.stringify({ alg: "none", kid: header.kid }))}.${b64url(JSON.stringify(payload))}.`;
    case "hs256_public": {
      // HS256 with the provider's public key as the MAC secret (the classic key-confusion attack)
      const pem = crypto.createPublicKey({ key: key.jwk, format: "jwk" })
        .export({ type: "spki", format: "pem" });
      const h = b64url(JSON.stringify({ alg: "HS256", kid: key.jwk.kid }));
      const p = b64url(JSON.stringify(payload));
      const mac = crypto.createHmac("sha256", pem).update(`${h}.${p}`).digest();
      return `${h}.${p}.${b64url(mac)}`;
    }
    default:
      throw new Error(`unknown mangle mode ${mode}`);
  }
}

// --- the login form --------------------------------------------------------------------------------

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(name, action, error) {
  return `<!doctype html><html><head><title>Sign in to ${escapeHtml(name)}</title></head><body>
<h1>Sign in to ${escapeHtml(name)}</h1>${error ? `<p id="error">${escapeHtml(error)}</p>` : ""}
<form id="login" method="post" action="${escapeHtml(action)}">
<input id="login-name" name="login" autocomplete="username" required>
<input id="login-password" name="password" type="password" autocomplete="current-password" required>
<button id="login-submit" type="submit">Sign in</button>
</form>
<form id="abort" method="post" action="${escapeHtml(action.replace(/\/login$/, "/abort"))}">
<button id="login-abort" type="submit">Cancel</button>
</form></body></html>`;
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res, status, body, type = "application/json") {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(text);
}

async function interaction(name, spec, req, res, rest) {
  const provider = spec.instance;
  const prefix = pathPrefix(spec.issuer);
  const m = rest.match(/^\/interaction\/([^/]+)(\/login|\/abort)?$/);
  if (!m) return false;
  const details = await provider.interactionDetails(req, res);
  const action = `${prefix}/interaction/${details.uid}/login`;
  if (!m[2] && req.method === "GET") {
    send(res, 200, loginPage(name, action), "text/html; charset=utf-8");
    return true;
  }
  if (m[2] === "/abort" && req.method === "POST") {
    await provider.interactionFinished(req, res, {
      error: "access_denied", error_description: "the user cancelled the sign-in" },
    { mergeWithLastSubmission: false });
    return true;
  }
  if (m[2] === "/login" && req.method === "POST") {
    const form = new URLSearchParams(await readBody(req));
    const account = accounts.get(`${name}:${form.get("login")}`);
    if (!account || account.password !== form.get("password")) {
      send(res, 200, loginPage(name, action, "wrong login or password"), "text/html; charset=utf-8");
      return true;
    }
    const login = { accountId: account.claims.sub };
    if (account.amr?.length) login.amr = account.amr;
    await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    return true;
  }
  return false;
}

// --- control --------------------------------------------------------------------------------------

async function control(req, res, path, url) {
  if (req.method === "GET" && path === "/_control/token_requests") {
    send(res, 200, tokenRequests.get(url.searchParams.get("provider")) || []);
    return;
  }
  if (req.method !== "POST") return send(res, 405, { error: "method" });
  const body = JSON.parse((await readBody(req)) || "{}");
  const name = body.provider;
  if (!providers.has(name)) return send(res, 404, { error: `no provider ${name}` });
  switch (path) {
    case "/_control/clients": {
      const list = (clients.get(name) || []).filter((c) => c.client_id !== body.client_id);
      list.push({ client_id: body.client_id, client_secret: body.client_secret,
                  redirect_uris: body.redirect_uris, grant_types: ["authorization_code"],
                  response_types: ["code"],
                  token_endpoint_auth_method: body.token_endpoint_auth_method || "client_secret_basic" });
      clients.set(name, list);
      buildProvider(name);
      return send(res, 200, { ok: true });
    }
    case "/_control/accounts": {
      const claims = { ...body.claims };
      if (name === "microsoft" && !("tid" in claims)) claims.tid = TENANT;
      const account = { password: body.password, claims, amr: body.amr };
      accounts.set(`${name}:${body.login}`, account);
      accountsBySub.set(`${name}:${claims.sub}`, account);
      return send(res, 200, { ok: true });
    }
    case "/_control/rotate": {
      const key = await newSigningKey(name);
      buildProvider(name);
      return send(res, 200, { kid: key.jwk.kid });
    }
    case "/_control/mangle":
      mangles.set(name, body.mode);
      return send(res, 200, { ok: true });
    default:
      return send(res, 404, { error: "no such control route" });
  }
}

// --- HTTP ------------------------------------------------------------------------------------------

async function route(portName, req, res) {
  const url = new URL(req.url, `http://${HOST}`);
  if (url.pathname === "/healthz") return send(res, 200, "ok", "text/plain");
  if (portName === "main" && url.pathname.startsWith("/_control/")) {
    return control(req, res, url.pathname, url);
  }
  if (portName === "main" && url.pathname === "/common/v2.0/.well-known/openid-configuration") {
    return commonDiscovery(res);
  }
  for (const [name, spec] of providers) {
    if (spec.port !== portName) continue;
    const prefix = pathPrefix(spec.issuer);
    if (prefix && url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) continue;
    const rest = url.pathname.slice(prefix.length) || "/";
    if (await interaction(name, spec, req, res, rest)) return undefined;
    // mounted like express does: the provider sees the path below its issuer's
    req.originalUrl = req.url;
    req.url = req.url.slice(prefix.length) || "/";
    return spec.callback(req, res);
  }
  return send(res, 404, { error: "not found" });
}

// Like login.microsoftonline.com/common/v2.0: the tenant provider's endpoints under an issuer
// template whose {tenantid} each token's `tid` fills in.
async function commonDiscovery(res) {
  const tenantIssuer = providers.get("microsoft").issuer;
  const r = await fetch(`${tenantIssuer}/.well-known/openid-configuration`);
  const doc = await r.json();
  doc.issuer = tenantIssuer.replace(`/${TENANT}/`, "/{tenantid}/");
  return send(res, 200, doc);
}

function listen(portName, port) {
  const server = http.createServer((req, res) => {
    route(portName, req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) send(res, 500, { error: String(err.message || err) });
    });
  });
  return new Promise((resolve) => server.listen(port, HOST, () => resolve(server)));
}

const mainServer = await listen("main", Number(process.env.IDP_MAIN_PORT || 0));
const googleServer = await listen("google", Number(process.env.IDP_GOOGLE_PORT || 0));
const mainPort = mainServer.address().port;
const googlePort = googleServer.address().port;

providers.set("google", { issuer: `http://${HOST}:${googlePort}`, port: "google" });
providers.set("microsoft", { issuer: `http://${HOST}:${mainPort}/${TENANT}/v2.0`, port: "main" });
providers.set("corp", { issuer: `http://${HOST}:${mainPort}/corp`, port: "main" });
for (const name of providers.keys()) {
  await newSigningKey(name);
  buildProvider(name);
}

const issuers = Object.fromEntries([...providers].map(([n, s]) => [n, s.issuer]));
console.log(JSON.stringify({ ready: true, main: mainPort, google: googlePort, tenant: TENANT, issuers }));
for (const s of ["SIGINT", "SIGTERM"]) {
  process.on(s, () => { mainServer.close(); googleServer.close(); process.exit(0); });
}
