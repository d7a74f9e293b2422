// The `portcullis` binary: parses the command line and settings, then runs one subcommand.
// Single-threaded until a subcommand starts its own threads.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/bench_commands.h"
#include "app/commands.h"
#include "app/logging.h"
#include "app/settings.h"
#include "app/settings_doc.h"
#include "app/user_commands.h"

namespace {

using portcullis::app::SettingsSchema;

// Each setting's flags: --name (and --na-me) under "Settings", with its help from the
// declarations; each former name's flags hidden (the help line names them). The value lands in
// `flags` under the name it was given by, so a setting given twice is reported.
void AddSettingFlags(CLI::App& app, std::map<std::string, std::string>& flags) {
  for (const auto& option : SettingsSchema().options()) {
    auto add = [&](const std::string& name, const std::string& help) {
      std::string names;
      for (const auto& flag : portcullis::options::FlagNames(name)) {
        names += (names.empty() ? "" : ",") + flag;
      }
      return app.add_option_function<std::string>(
          names, [&flags, name](const std::string& v) { flags[name] = v; }, help);
    };
    add(option.name, portcullis::app::SettingHelp(option))->group("Settings");
    for (const auto& alias : option.aliases) add(alias, "former name of " + option.name)->group("");
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace portcullis::app;
  CLI::App app{"Portcullis: a self-hosted authentication server", "portcullis"};
  app.require_subcommand(1);
  app.fallthrough();

  std::string config_file;
  app.add_option("--config", config_file,
                 "TOML file with settings (lowest precedence after defaults)");
  std::map<std::string, std::string> flags;
  AddSettingFlags(app, flags);

  auto* serve = app.add_subcommand("serve", "Run the HTTP server");
  auto* migrate = app.add_subcommand("migrate", "Apply database migrations and exit");
  auto* version = app.add_subcommand("version", "Print the version");
  auto* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  NewUserOptions new_user;
  auto* user_create =
      user->add_subcommand("create", "Create an account; the password is read from stdin");
  user_create->add_option("--email", new_user.email, "email address")->required();
  user_create->add_option("--username", new_user.username, "optional username");
  user_create->add_option("--display-name,--display_name", new_user.display_name, "display name");
  user_create
      ->add_option("--role", new_user.role, "the instance role: admin or user (default admin)")
      ->check(CLI::IsMember({"admin", "user"}));
  const auto user_commands = AddUserCommands(*user);
  auto* mail = app.add_subcommand("mail", "Mail operations");
  mail->require_subcommand(1);
  std::string mail_to;
  auto* mail_test = mail->add_subcommand(
      "test", "Enqueue a test message (a running server delivers it within mail_poll)");
  mail_test->add_option("--to", mail_to, "recipient address")->required();
  int bench_threads = 2;
  int bench_seconds = 5;
  auto* bench_hash = app.add_subcommand("bench-hash", "Measure the Argon2id hashing ceiling");
  bench_hash->add_option("--threads", bench_threads, "hashing threads")->check(CLI::Range(1, 256));
  bench_hash->add_option("--seconds", bench_seconds, "duration")->check(CLI::Range(1, 600));

  const auto bench = AddBenchCommands(app);
  bool markdown = false;
  auto* settings_command =
      app.add_subcommand("settings", "Print every setting's effective value (secrets as (set))");
  settings_command->add_flag("--markdown", markdown,
                             "print the settings reference of docs/CONFIGURATION.md instead");

  CLI11_PARSE(app, argc, argv);

  if (version->parsed()) {
    std::cout << "portcullis " << PORTCULLIS_VERSION << "\n";
    return 0;
  }
  if (settings_command->parsed() && markdown) {
    std::cout << SettingsReferenceMarkdown();
    return 0;
  }
  SettingSources sources;
  if (!config_file.empty()) sources.config_file = config_file;
  sources.environment = SettingsFromEnvironment();
  sources.environment_aliases = SettingsFromEnvironmentAliases();
  sources.flags = flags;
  auto settings = LoadSettings(sources);
  if (!settings) {
    std::cerr << "portcullis: " << settings.error().detail << "\n";
    return 2;
  }
  if (settings_command->parsed()) {
    std::cout << EffectiveSettingsText(*settings);
    return 0;
  }
  ConfigureLogging(settings->log.level);
  if (serve->parsed()) return Serve(*settings);
  if (migrate->parsed()) return Migrate(*settings);
  if (user_create->parsed()) return CreateUser(*settings, new_user);
  if (int code = RunUserCommand(*user_commands, *settings); code >= 0) return code;
  if (mail_test->parsed()) return MailTest(*settings, mail_to);
  if (bench_hash->parsed()) return BenchHash(*settings, bench_threads, bench_seconds);
  if (int code = RunBenchCommand(*bench, *settings); code >= 0) return code;
  return 1;
}
