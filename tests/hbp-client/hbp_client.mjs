// Drives HBP v2's own JavaScript client (nhost-js-sdk 3) against a server: register, refresh,
// logout, login, refresh, logout — as an app in token mode (useCookies: false) does. Prints one
// JSON object of what it saw for tests/e2e/test_hbp_js_client.py to check.
//   usage: node hbp_client.mjs BASE_URL EMAIL PASSWORD
import { createRequire } from "module";

const require = createRequire(import.meta.url);
const { createClient } = require("nhost-js-sdk");

const [baseURL, email, password] = process.argv.slice(2);
const store = new Map();
const clientStorage = {
  setItem: async (key, value) => store.set(key, value),
  getItem: async (key) => store.get(key) ?? null,
  removeItem: async (key) => store.delete(key),
};
const nhost = createClient({
  baseURL, ssr: false, useCookies: false, autoLogin: false, clientStorage,
  clientStorageType: "custom",
});
const auth = nhost.auth;
// The client stores a session without awaiting it (register, login): let that finish.
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
const seen = {};
try {
  const registered = await auth.register({ email, password });
  await settle();
  seen.registered_user = registered.user;
  seen.register_jwt = auth.getJWTToken();
  seen.register_refresh = store.get("nhostRefreshToken");
  seen.authenticated_after_register = auth.isAuthenticated();
  await auth.refreshSession();
  seen.refreshed_jwt = auth.getJWTToken();
  seen.refreshed_refresh = store.get("nhostRefreshToken");
  await auth.logout();
  seen.authenticated_after_logout = auth.isAuthenticated();
  const login = await auth.login({ email, password });
  await settle();
  seen.login_user = login.user;
  seen.login_jwt = auth.getJWTToken();
  seen.login_refresh = store.get("nhostRefreshToken");
  await auth.refreshSession();
  seen.login_refreshed_refresh = store.get("nhostRefreshToken");
  await auth.logout();
  seen.logged_out_refresh = store.get("nhostRefreshToken") ?? null;
  const wrong = await auth.login({ email, password: password + "x" }).catch((e) => e);
  seen.wrong_password_status = wrong?.response?.status ?? null;
  seen.wrong_password_body = wrong?.response?.data ?? null;
} catch (error) {
  seen.error = String(error?.stack ?? error);
  seen.error_body = error?.response?.data ?? null;
}
process.stdout.write(JSON.stringify(seen) + "\n");
process.exit(0);  // the client's refresh timers would keep the process alive
