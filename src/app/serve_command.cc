// `portcullis serve`: wires the HTTP server over the services and runs until SIGTERM/SIGINT.
// Runs on the main thread; the server's own threads do the work.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>

#include "api/common/mount.h"
#include "api/native/native_dialect.h"
#include "api/native/oauth_metadata.h"
#include "api/native/ops_routes.h"
#include "app/commands.h"
#include "app/dialect_mounts.h"
#include "app/logging.h"
#include "app/services.h"
#include "app/settings.h"
#include "common/status_macros.h"
#include "http/server.h"
#include "store/sqlite/serve_lock.h"

namespace portcullis::app {
namespace {

void PrintFirstAdminHint(const Settings& settings) {
  std::cerr << "No accounts yet. Create the first admin (the password is read from stdin):\n"
            << "  build/release/portcullis user create --email admin@example.com --role admin "
            << "--database '" << DatabaseLabel(settings) << "' --data_dir " << settings.data_dir
            << " < password.txt\n";
}

// The mail sender's counters and the outbox's size (read by the sender every mail_poll).
void AddMailMetrics(api::Metrics& metrics, core::OutboxSender& sender) {
  const auto add = [&](std::string name, std::string help,
                       int64_t core::OutboxSenderStats::*field) {
    metrics.AddGauge(std::move(name), std::move(help),
                     [&sender, field] { return static_cast<double>(sender.stats().*field); });
  };
  add("portcullis_mail_sent_total", "Messages the mail server accepted.",
      &core::OutboxSenderStats::sent);
  add("portcullis_mail_failed_attempts_total", "Delivery attempts that failed (each is retried).",
      &core::OutboxSenderStats::failed_attempts);
  add("portcullis_mail_parked_total", "Messages given up on by this process (kept in the outbox).",
      &core::OutboxSenderStats::parked);
  add("portcullis_mail_outbox_pending", "Messages waiting in the outbox (due or to be retried).",
      &core::OutboxSenderStats::pending);
  add("portcullis_mail_outbox_parked", "Parked messages kept in the outbox.",
      &core::OutboxSenderStats::parked_stored);
}

// The API surfaces this server answers, added to `router`; every context must outlive it.
Status MountApi(http::Router& router, const api::MountContext& mount,
                api::native::NativeContext& native, std::string_view native_prefix,
                const api::native::OpsContext& ops, const Settings& settings,
                DialectContexts& dialects) {
  RETURN_IF_ERROR(api::Mount(router, api::native::OpsDialect(ops), "", mount));
  RETURN_IF_ERROR(api::Mount(router, api::native::NativeDialect(native), native_prefix, mount));
  return MountDialects(router, mount, settings, dialects);
}

// The main listener's options: the settings' [http] plus what only the application knows — whether
// clients reach it over https (public_url), for Strict-Transport-Security.
http::ServerOptions MainListenerOptions(const Settings& settings) {
  http::ServerOptions options = settings.http;
  options.https = PublicUrl(settings).starts_with("https://");
  return options;
}

// The operator listener (metrics_listen): the main listener's limits and headers on its own
// address, with a small thread budget (scrapes and probes only).
http::ServerOptions OperatorListenerOptions(const Settings& settings) {
  http::ServerOptions options = MainListenerOptions(settings);
  options.host = settings.metrics.host;
  options.port = settings.metrics.port;
  options.io_threads = 1;
  options.worker_threads = std::min(options.worker_threads, 2);
  options.worker_queue = std::min<std::size_t>(options.worker_queue, 64);
  return options;
}

}  // namespace

int Serve(const Settings& settings) {
  // Before any thread starts: a SIGTERM during the start waits for WaitForSignal below.
  http::Server::HoldStopSignals();
  // SQLite: this process alone serves the file; released after the store below has closed.
  std::optional<store::sqlite::ServeLock> serve_lock;
  auto services = Services::Create(settings);
  if (!services) {
    std::cerr << "portcullis: " << services.error().detail << "\n";
    return 2;
  }
  if (settings.postgres_url.empty()) {
    auto lock = store::sqlite::ServeLock::Acquire(settings.database_path);
    if (!lock) {
      std::cerr << "portcullis: setting database: " << lock.error().detail << "\n";
      return 2;
    }
    serve_lock.emplace(std::move(lock).value());
  }
  Services& s = **services;
  api::Metrics metrics;
  api::RequestObserver observer(metrics);
  metrics.AddGauge("portcullis_password_hash_queue_depth", "Password hashes waiting for a worker.",
                   [&s] { return static_cast<double>(s.hasher().queue_depth()); });
  if (core::EphemeralStore* shared = s.shared_ephemeral()) {
    // Redis down is not "not ready" (rate limits and revocations have a fallback): it shows here.
    metrics.AddGauge("portcullis_redis_up", "1 while the Redis connection answers, else 0.",
                     [shared] { return shared->Ping().ok() ? 1.0 : 0.0; });
  }
  metrics.AddGauge("portcullis_revocation_poll_age_seconds",
                   "Seconds since the last successful poll of revoked sessions.", [&s] {
                     return static_cast<double>(SystemClock().NowSeconds() -
                                                s.revocation_poller().last_success());
                   });
  metrics.AddGauge("portcullis_rate_limited_total", "Requests refused by a rate limit (429).",
                   [&s] { return static_cast<double>(s.limiter().stats().refused); });
  metrics.AddGauge("portcullis_rate_limit_fallback_total",
                   "Rate-limit counter calls served by this node while the shared store was down.",
                   [&s] { return static_cast<double>(s.limiter().stats().fallback_calls); });
  metrics.AddGauge("portcullis_rate_limit_store_down",
                   "1 while the rate limiter's shared store is unavailable.",
                   [&s] { return s.limiter().stats().shared_store_down ? 1.0 : 0.0; });
  AddMailMetrics(metrics, s.outbox_sender());
  metrics.AddGauge("portcullis_audit_events_dropped_total",
                   "Audit events lost because the buffer of events waiting for a write was full.",
                   [&s] { return static_cast<double>(s.audit().dropped()); });

  const std::string_view native_prefix = settings.native_api.prefix;
  api::CookieOptions cookie = settings.cookie;
  cookie.path = api::native::RefreshCookiePath(native_prefix);
  api::native::NativeContext native{s.accounts(), s.sessions(), &s.mfa(),
                                    cookie,       &s.limiter(), s.flows().Native()};
  native.companies = s.companies().Native();
  const api::native::OpsContext ops{
      s.store(), metrics, s.jwks_json(),
      api::native::OAuthMetadataJson(settings.auth.issuer, PublicUrl(settings), native_prefix,
                                     settings.jwt.alg),
      settings.metrics.token};
  native.credentials = &s.credentials();
  native.permissions = &s.permission_models();
  native.service_clients = &s.service_clients();
  native.client_tokens = &s.client_tokens();
  native.audit_log = &s.audit_log();
  native.admin = {&s.admin_users(), &s.admin_companies()};
  // The one origin rule of every cookie-authenticated route, in every dialect (Call::Origins()).
  const api::OriginRule origin_rule(PublicUrl(settings), settings.origins.allowed_origins);
  native.sso = {s.flows().sso(), &s.step_up_guard(), &s.random(),
                PublicUrl(settings) + std::string(native_prefix), settings.sso_pages};
  api::MountContext mount{api::SessionAuthenticator(s.sessions()), observer,
                          s.store().ReadsMayBlock(),
                          api::CredentialOrSessionAuthenticator(
                              api::SessionAuthenticator(s.sessions()), s.credentials()),
                          &origin_rule};
  // The access-token cookie of a browser-mode single sign-on authenticates like a Bearer token;
  // CORS for the origins the rule trusts.
  mount.cookie_auth = {cookie.session_name, cookie.csrf_double_submit};
  mount.cors = true;
  DialectContexts dialects;
  BuildDialectContexts(settings, s, dialects);
  http::Router router;
  if (Status mounted = MountApi(router, mount, native, native_prefix, ops, settings, dialects);
      !mounted) {
    // One write: the log thread's lines must not split it.
    std::cerr << ("portcullis: " + mounted.error().detail + "\n") << std::flush;
    return 2;
  }
  // Access-log lines go to stderr beside the process log, gathered and written every 10 ms so a
  // request never wakes a logging thread. Declared before the server: it outlives its requests.
  std::optional<BatchedLineWriter> access_log;
  if (settings.log.access) access_log.emplace(STDERR_FILENO, std::chrono::milliseconds(10));
  const http::RequestObserver observe =
      MakeRequestObserver(observer, access_log ? &*access_log : nullptr);
  http::Server server(MainListenerOptions(settings), router, observe);
  // The operator listener: its own router, so the API is never reachable on that address.
  http::Router operator_router;
  std::optional<http::Server> operator_server;
  if (settings.metrics.enabled) {
    if (Status mounted = api::Mount(operator_router, api::native::OperatorDialect(ops), "", mount);
        !mounted) {
      std::cerr << "portcullis: " << mounted.error().detail << "\n";
      return 2;
    }
    operator_server.emplace(OperatorListenerOptions(settings), operator_router, observe);
  }
  metrics.AddExecutor("http.worker", [&server] { return server.worker().stats(); });
  metrics.AddExecutor("argon2", [&s] { return s.hasher().executor().stats(); });
  metrics.AddExecutor(std::string(s.store_executor_name()),
                      [&s] { return s.store_executor_stats(); });
  auto count = s.store().ReadValue([](core::Repositories& repos) { return repos.users().Count(); });
  s.StartBackground();
  if (operator_server) {
    try {
      operator_server->Start();
    } catch (const std::exception& e) {
      std::cerr << "portcullis: setting " << SettingLabel("metrics.listen") << ": " << e.what()
                << "\n";
      return 2;
    }
  }
  try {
    server.Start();
  } catch (const std::exception& e) {
    std::cerr << "portcullis: setting listen: " << e.what() << "\n";
    return 2;
  }
  LogInfo("listening on " + settings.http.host + ":" + std::to_string(server.port()) + " (" +
          DatabaseLabel(settings) + ", " + settings.jwt.alg + ", ephemeral " +
          (settings.ephemeral == "redis" ? store::redis::RedisUrlForDisplay(settings.redis)
                                         : settings.ephemeral) +
          ")");
  if (operator_server) {
    LogInfo("metrics listening on " + settings.metrics.host + ":" +
            std::to_string(operator_server->port()) + " (/metrics, /health, /ready)");
  }
  if (count && *count == 0) PrintFirstAdminHint(settings);
  server.WaitForSignal();
  if (operator_server) operator_server->Stop();
  s.StopBackground();
  LogInfo("stopped");
  return 0;
}

}  // namespace portcullis::app
