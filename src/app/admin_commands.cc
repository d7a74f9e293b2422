// `portcullis migrate`, `user create` and `bench-hash`: one-shot commands run from a shell.
// Each runs on the main thread (bench-hash starts its own threads).
#include <atomic>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "api/native/error_writer.h"
#include "app/commands.h"
#include "app/services.h"
#include "store/postgres/migrations.h"
#include "store/sqlite/migrations.h"

namespace portcullis::app {

int Migrate(const Settings& settings) {
  const Status migrated =
      settings.postgres_url.empty()
          ? store::sqlite::Migrate(settings.database_path)
          : store::postgres::Migrate(settings.postgres_url, {settings.postgres.connect_timeout,
                                                             settings.postgres.statement_timeout});
  if (!migrated) {
    std::cerr << "portcullis: migrate " << DatabaseLabel(settings) << ": "
              << migrated.error().detail << "\n";
    return 1;
  }
  std::cout << "migrated " << DatabaseLabel(settings) << "\n";
  return 0;
}

int CreateUser(const Settings& settings, const NewUserOptions& options) {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto services = Services::Create(settings);
  if (!services) {
    std::cerr << "portcullis: " << services.error().detail << "\n";
    return 2;
  }
  core::Registration registration;
  registration.email = options.email;
  registration.password = std::move(password);
  if (!options.username.empty()) registration.username = options.username;
  registration.display_name = options.display_name;
  registration.instance_role = options.role;
  auto user = (*services)->accounts().CreateUser(registration);
  if (!user) {
    std::cerr << "portcullis: user create: " << user.error().detail
              << (api::native::NativeFieldName(user.error()).empty()
                      ? ""
                      : " (" + std::string(api::native::NativeFieldName(user.error())) + ")")
              << "\n";
    return 1;
  }
  std::cout << "created " << user->instance_role << " " << user->email << " (" << user->id << ")\n";
  return 0;
}

int BenchHash(const Settings& settings, int threads, int seconds) {
  crypto::Argon2HasherOptions options = settings.argon2;
  options.workers = static_cast<std::size_t>(threads);
  crypto::Argon2Hasher hasher(options);
  std::atomic<bool> stop{false};
  std::atomic<long> done{0};
  std::vector<std::thread> clients;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < threads; ++i) {
    clients.emplace_back([&] {
      while (!stop) {
        if (hasher.Hash("correct horse battery staple")) ++done;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : clients) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "hashes_per_second " << static_cast<double>(done) / elapsed << "\n"
            << "threads " << threads << "\nm_cost_kib " << settings.argon2.params.m_cost_kib
            << "\nt_cost " << settings.argon2.params.t_cost << "\n";
  return 0;
}

}  // namespace portcullis::app
