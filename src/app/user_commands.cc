// `portcullis user list|disable|enable|delete|reset-mfa`: the admin API's account operations from a
// shell, through the same core service. Each runs on the main thread.
#include "app/user_commands.h"

#include <chrono>
#include <iostream>
#include <thread>

#include "api/native/admin_paging.h"
#include "api/native/admin_views.h"
#include "api/native/error_writer.h"
#include "app/services.h"

namespace portcullis::app {
namespace {

int Fail(std::string_view command, const Error& error) {
  const std::string_view field = api::native::NativeFieldName(error);
  std::cerr << "portcullis: user " << command << ": " << error.detail
            << (field.empty() ? "" : " (" + std::string(field) + ")") << "\n";
  return 1;
}

// One account per line, tab-separated: id, email, username ("-" when none), instance role,
// enabled|disabled, mfa|-.
void PrintLine(const core::User& user) {
  std::cout << user.id << '\t' << user.email << '\t' << user.username.value_or("-") << '\t'
            << user.instance_role << '\t' << (user.disabled_at != 0 ? "disabled" : "enabled")
            << '\t' << (user.mfa_enabled ? "mfa" : "-") << '\n';
}

int List(Services& services, const UserCommands& options) {
  const core::AdminCaller caller = core::AdminCaller::CommandLine();
  std::string after_id;
  if (!options.cursor.empty()) {
    auto page = api::native::DecodePageRequest({{"cursor", options.cursor}});
    if (!page) return Fail("list", page.error());
    after_id = page->after_id;
  }
  auto found = services.admin_users().Search(caller, options.query, after_id, options.limit);
  (void)services.audit().Flush(services.store());  // the read's event; a failure loses only it
  if (!found) return Fail("list", found.error());
  if (options.json) {
    boost::json::array items;
    for (const auto& user : found->users) items.push_back(api::native::AdminUserView(user));
    std::cout << boost::json::serialize(
                     api::native::PageView(std::move(items), found->next_after_id))
              << "\n";
    return 0;
  }
  for (const auto& user : found->users) PrintLine(user);
  if (!found->next_after_id.empty()) {
    std::cerr << "more: --cursor " << api::native::EncodeCursor(found->next_after_id) << "\n";
  }
  return 0;
}

int SetDisabled(Services& services, const std::string& user_id, bool disabled) {
  core::AdminUserPatch patch;
  patch.disabled = disabled;
  auto user = services.admin_users().Update(core::AdminCaller::CommandLine(), user_id, patch);
  if (!user) return Fail(disabled ? "disable" : "enable", user.error());
  std::cout << (disabled ? "disabled " : "enabled ") << user->email << " (" << user->id << ")\n";
  return 0;
}

int Delete(Services& services, const Settings& settings, const std::string& user_id) {
  const core::AdminCaller caller = core::AdminCaller::CommandLine();
  // This process's revocation list is not the server's: the sessions are revoked and committed
  // first (disabling the account), and the deletion waits until a running server's revocation poll
  // has read them — the rows go with the account, after which no poll could.
  core::AdminUserPatch patch;
  patch.disabled = true;
  if (auto disabled = services.admin_users().Update(caller, user_id, patch); !disabled) {
    return Fail("delete", disabled.error());
  }
  std::this_thread::sleep_for(2 * settings.revocation_poll.period + std::chrono::milliseconds(500));
  if (Status deleted = services.admin_users().Delete(caller, user_id); !deleted) {
    return Fail("delete", deleted.error());
  }
  std::cout << "deleted " << user_id << "\n";
  return 0;
}

}  // namespace

std::unique_ptr<UserCommands> AddUserCommands(CLI::App& user) {
  auto commands = std::make_unique<UserCommands>();
  UserCommands& c = *commands;
  c.list = user.add_subcommand("list", "List or search accounts, one per line");
  c.list->add_option("--query", c.query, "an email, username or id prefix");
  c.list->add_option("--limit", c.limit, "accounts per page (1-200, default 50)")
      ->check(CLI::Range(1, 200));
  c.list->add_option("--cursor", c.cursor, "the page after the one that printed this cursor");
  c.list->add_flag("--json", c.json, "print the admin API's page object {items, next_cursor}");
  const auto with_account = [&c, &user](const char* name, const char* help) {
    CLI::App* command = user.add_subcommand(name, help);
    command->add_option("account", c.account, "the account's id or email address")->required();
    return command;
  };
  c.disable = with_account("disable", "Disable an account and revoke all its sessions");
  c.enable = with_account("enable", "Enable a disabled account again");
  c.remove = with_account("delete", "Delete an account (its companies are handed over)");
  c.reset_mfa = with_account("reset-mfa", "Turn MFA off for an account and revoke its sessions");
  return commands;
}

int RunUserCommand(const UserCommands& commands, const Settings& settings) {
  CLI::App* const parsed[] = {commands.list, commands.disable, commands.enable, commands.remove,
                              commands.reset_mfa};
  CLI::App* ran = nullptr;
  for (CLI::App* command : parsed) {
    if (command->parsed()) ran = command;
  }
  if (ran == nullptr) return -1;
  auto services = Services::Create(settings);
  if (!services) {
    std::cerr << "portcullis: " << services.error().detail << "\n";
    return 2;
  }
  Services& s = **services;
  if (ran == commands.list) return List(s, commands);
  auto user_id = s.admin_users().Resolve(commands.account);
  if (!user_id) return Fail(ran->get_name(), user_id.error());
  if (ran == commands.disable) return SetDisabled(s, *user_id, true);
  if (ran == commands.enable) return SetDisabled(s, *user_id, false);
  if (ran == commands.remove) return Delete(s, settings, *user_id);
  if (Status reset = s.admin_users().ResetMfa(core::AdminCaller::CommandLine(), *user_id); !reset) {
    return Fail("reset-mfa", reset.error());
  }
  std::cout << "reset MFA of " << *user_id << "\n";
  return 0;
}

}  // namespace portcullis::app
