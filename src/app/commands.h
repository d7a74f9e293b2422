// The subcommands of the `portcullis` binary: serve, migrate, user create, mail test, bench-hash.
// Each is called once from main with loaded Settings and returns the process exit code.
#pragma once

#include <string>

#include "app/settings.h"

namespace portcullis::app {

int Serve(const Settings& settings);
int Migrate(const Settings& settings);

struct NewUserOptions {
  std::string email;
  std::string username;
  std::string display_name;
  std::string role = "admin";
};
// Reads the password from standard input (one line).
int CreateUser(const Settings& settings, const NewUserOptions& options);

// Enqueues the `test` mail kind to `to` in the configured database's outbox; prints its id.
int MailTest(const Settings& settings, const std::string& to);

// Measures the Argon2id hashing ceiling at the configured cost on `threads` threads and prints
// `hashes_per_second N`.
int BenchHash(const Settings& settings, int threads, int seconds);

}  // namespace portcullis::app
