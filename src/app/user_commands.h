// The operator's account commands beside `user create`: `user list|disable|enable|delete|
// reset-mfa`, each calling the admin API's core service with the command line as the actor
// (audited as actor_type "admin", actor_id "cli"). Registered from main; run on the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "app/settings.h"

namespace portcullis::app {

struct UserCommands {
  CLI::App* list = nullptr;
  CLI::App* disable = nullptr;
  CLI::App* enable = nullptr;
  CLI::App* remove = nullptr;
  CLI::App* reset_mfa = nullptr;
  std::string query;    // list: an email, username or id prefix
  std::string cursor;   // list: the next_cursor of the previous page
  int64_t limit = 50;   // list: 1..200
  bool json = false;    // list: the admin API's page object instead of one line per account
  std::string account;  // the others: an account's id or email address
};

// Adds the subcommands to `user` (the `user` command). The result must outlive the parse.
std::unique_ptr<UserCommands> AddUserCommands(CLI::App& user);
// Runs the one that was parsed and returns its exit code (0 done, 1 refused or not found, 2 the
// database could not be opened); -1 when none was.
int RunUserCommand(const UserCommands& commands, const Settings& settings);

}  // namespace portcullis::app
