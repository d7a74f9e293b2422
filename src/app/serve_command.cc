// `portcullis serve`: wires the HTTP server over the services and runs until SIGTERM/SIGINT.
// Runs on the main thread; the server's own threads do the work.
#include <iostream>

#include "api/api_context.h"
#include "api/native_routes.h"
#include "app/commands.h"
#include "app/logging.h"
#include "app/services.h"
#include "http/server.h"

namespace portcullis::app {
namespace {

http::ServerOptions ServerOptionsFrom(const Settings& settings) {
  http::ServerOptions options;
  options.host = settings.listen_host;
  options.port = settings.listen_port;
  options.io_threads = settings.io_threads;
  options.worker_threads = settings.worker_threads;
  options.worker_queue = static_cast<std::size_t>(settings.worker_queue);
  options.max_body_bytes = settings.max_body_bytes;
  options.max_header_bytes = settings.max_header_bytes;
  options.read_timeout = std::chrono::seconds(settings.read_timeout);
  options.idle_timeout = std::chrono::seconds(settings.idle_timeout);
  return options;
}

void PrintFirstAdminHint(const Settings& settings) {
  std::cerr << "No accounts yet. Create the first admin (the password is read from stdin):\n"
            << "  build/release/portcullis user create --email admin@example.com --role admin "
            << "--database sqlite:" << settings.database_path << " --data_dir " << settings.data_dir
            << " < password.txt\n";
}

}  // namespace

int Serve(const Settings& settings) {
  auto services = Services::Create(settings);
  if (!services) {
    std::cerr << "portcullis: " << services.error().detail << "\n";
    return 2;
  }
  Services& s = **services;
  api::Metrics metrics;
  api::CookieOptions cookie;
  cookie.name = settings.refresh_cookie_name;
  cookie.secure = settings.cookie_secure;
  api::ApiContext context{s.accounts(), s.sessions(),  s.store(), metrics,
                          cookie,       s.jwks_json(), 16 * 1024, &s.mfa()};
  metrics.AddGauge("portcullis_password_hash_queue_depth", "Password hashes waiting for a worker.",
                   [&s] { return static_cast<double>(s.hasher().queue_depth()); });

  http::Router router;
  api::AddNativeRoutes(router, context);
  http::Server server(ServerOptionsFrom(settings), router,
                      MakeRequestObserver(metrics, settings.access_log));
  try {
    server.Start();
  } catch (const std::exception& e) {
    std::cerr << "portcullis: setting listen: " << e.what() << "\n";
    return 2;
  }
  LogInfo("listening on " + settings.listen_host + ":" + std::to_string(server.port()) +
          " (sqlite:" + settings.database_path + ", " + settings.jwt_alg + ")");
  auto count = s.store().ReadValue([](core::Repositories& repos) { return repos.users().Count(); });
  if (count && *count == 0) PrintFirstAdminHint(settings);
  server.WaitForSignal();
  LogInfo("stopped");
  return 0;
}

}  // namespace portcullis::app
