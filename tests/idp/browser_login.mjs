// One single sign-on login in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): opens Portcullis's start URL, signs in on the provider's form, waits for the
// browser to be sent to the success URL, then uses the session cookie from a page of Portcullis's
// origin (a same-origin GET and PATCH by fetch). Prints one JSON line with what it saw; exits 0 unless it crashed.
// Run by tests/e2e/test_sso_browser.py. One browser per run; nothing shared.
//
// env: SSO_START_URL, SSO_LOGIN, SSO_PASSWORD, SSO_SUCCESS_URL (prefix to wait for),
//      SSO_SERVER_URL (Portcullis's origin), CHROMIUM (default /usr/bin/chromium),
//      BROWSER_HOME (a writable directory for the browser's profile and caches)
import { chromium } from "playwright-core";

const env = process.env;
const home = env.BROWSER_HOME;
const out = { navigations: [] };
const browser = await chromium.launch({
  executablePath: env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  env: { ...env, HOME: home, XDG_CONFIG_HOME: `${home}/.config`, XDG_CACHE_HOME: `${home}/.cache` },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("response", (r) => { if (r.request().isNavigationRequest()) out.navigations.push(`${r.status()} ${r.url()}`); });
  page.on("framenavigated", (f) => { if (f === page.mainFrame()) out.navigations.push(f.url()); });
  await page.goto(env.SSO_START_URL);
  out.login_page = page.url();
  await page.fill("#login-name", env.SSO_LOGIN);
  await page.fill("#login-password", env.SSO_PASSWORD);
  // /app is the product's web app, not Portcullis's (its page may not exist here): wait for the
  // browser to be sent there, and note what that request carried
  const [landed] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(env.SSO_SUCCESS_URL), { timeout: 30000 }),
    page.click("#login-submit"),
  ]);
  out.final_url = landed.url();
  out.app_request_cookie = (await landed.request().allHeaders()).cookie || "";
  // the refresh cookie is scoped to the auth routes' path: ask for both the root and that path
  const scoped = [env.SSO_SERVER_URL, `${env.SSO_SERVER_URL}/v1/auth/refresh`];
  out.cookies = (await context.cookies(scoped)).map((c) => ({
    name: c.name, value: c.value, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite,
    path: c.path,
  }));
  // a page of Portcullis's own origin: it cannot read the HttpOnly cookie, its requests carry it
  await page.goto(`${env.SSO_SERVER_URL}/.well-known/jwks.json`);
  out.document_cookie = await page.evaluate(() => document.cookie);
  out.profile = await page.evaluate(async () => {
    const r = await fetch("/v1/me/profile", { credentials: "same-origin" });
    return { status: r.status, body: await r.text() };
  });
  out.patch = await page.evaluate(async () => {
    const r = await fetch("/v1/me/profile", {
      method: "PATCH", credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ display_name: "Chromium Changed" }),
    });
    return { status: r.status, body: await r.text() };
  });
  out.ok = true;
} catch (e) {
  out.ok = false;
  out.error = String((e && e.stack) || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
