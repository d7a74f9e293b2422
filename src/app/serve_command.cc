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
  api::ApiContext context{s.accounts(),    s.sessions(),  s.store(), metrics,
                          settings.cookie, s.jwks_json(), 16 * 1024, &s.mfa()};
  metrics.AddGauge("portcullis_password_hash_queue_depth", "Password hashes waiting for a worker.",
                   [&s] { return static_cast<double>(s.hasher().queue_depth()); });

  http::Router router;
  api::AddNativeRoutes(router, context);
  http::Server server(settings.http, router, MakeRequestObserver(metrics, settings.log.access));
  metrics.AddExecutor("http.worker", [&server] { return server.worker().stats(); });
  metrics.AddExecutor("argon2", [&s] { return s.hasher().executor().stats(); });
  metrics.AddExecutor("sqlite.writer", [&s] { return s.sqlite_store().write_queue_stats(); });
  try {
    server.Start();
  } catch (const std::exception& e) {
    std::cerr << "portcullis: setting listen: " << e.what() << "\n";
    return 2;
  }
  LogInfo("listening on " + settings.http.host + ":" + std::to_string(server.port()) +
          " (sqlite:" + settings.database_path + ", " + settings.jwt.alg + ")");
  if (auto count = s.store().users().Count(); count && *count == 0) PrintFirstAdminHint(settings);
  server.WaitForSignal();
  LogInfo("stopped");
  return 0;
}

}  // namespace portcullis::app
