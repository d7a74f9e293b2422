// Tests for the server's settings: defaults, precedence, every former flat name in every source,
// the new dotted names, parsing and validation.
#include "app/settings.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "app/config_loader.h"

namespace portcullis::app {
namespace {

std::string WriteFile(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << content;
  return path;
}

// A TOML literal for `value`: booleans and numbers bare, anything else quoted.
std::string TomlLiteral(const std::string& value) {
  const bool number = value.find_first_not_of("0123456789") == std::string::npos;
  return number || value == "true" || value == "false" ? value : "\"" + value + "\"";
}

TEST(Settings, DefaultsAreTheDocumentedOnes) {
  auto s = LoadSettings({});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->jwt.alg, "HS256");
  EXPECT_EQ(s->auth.access_ttl, 900);
  EXPECT_EQ(s->auth.refresh_ttl, 30 * 86400);
  EXPECT_EQ(s->auth.refresh_reuse_grace, 10);
  EXPECT_EQ(s->argon2.params.m_cost_kib, 19456u);
  EXPECT_EQ(s->database_path, "data/portcullis.db");
  EXPECT_EQ(s->http.port, 8080);
  EXPECT_EQ(s->step_up.window, 300);
}

TEST(Settings, FlagsBeatEnvironmentBeatFile) {
  const std::string path = WriteFile(
      "portcullis_settings_test.toml",
      "access_ttl = 100\nrefresh_reuse_grace = 3\nissuer = \"file\"\ncookie_secure = false\n");
  SettingSources sources;
  sources.config_file = path;
  sources.environment = {{"access_ttl", "200"}, {"issuer", "env"}};
  sources.flags = {{"issuer", "flag"}};
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->auth.access_ttl, 200);
  EXPECT_EQ(s->auth.refresh_reuse_grace, 3);
  EXPECT_EQ(s->auth.issuer, "flag");
  EXPECT_FALSE(s->cookie.secure);
  std::remove(path.c_str());
}

// HBP's environment names, each with the setting it stands for and a value unlike the default.
const std::map<std::string, std::pair<std::string, std::string>>& HbpVariables() {
  static const std::map<std::string, std::pair<std::string, std::string>> variables = {
      {"MAGIC_LINK_ENABLED", {"magic_link_enabled", "true"}},
      {"AUTO_ACTIVATE_NEW_USERS", {"auto_activate_new_users", "false"}},
      {"VERIFY_EMAILS", {"verify_emails", "true"}},
      {"LOST_PASSWORD_ENABLED", {"lost_password_enabled", "false"}},
      {"MFA_ENABLED", {"mfa.enabled", "false"}},
      {"ALLOW_USER_SELF_DELETE", {"allow_user_self_delete", "false"}},
      {"REDIRECT_URL_SUCCESS", {"redirect_url_success", "https://app.example.com/ok"}},
      {"REDIRECT_URL_ERROR", {"redirect_url_error", "https://app.example.com/error"}},
      {"JWT_CLAIMS_NAMESPACE", {"jwt_claims_namespace", "https://example.com/claims"}},
      {"DEFAULT_USER_ROLE", {"default_user_role", "member"}},
      {"DEFAULT_ALLOWED_USER_ROLES", {"default_allowed_user_roles", "member,me"}},
      {"ALLOWED_USER_ROLES", {"allowed_user_roles", "member,me,editor"}},
      {"JWT_CUSTOM_FIELDS", {"jwt_custom_fields", "company_id"}},
      {"REGISTRATION_CUSTOM_FIELDS", {"registration_custom_fields", "company_id,locale"}},
  };
  return variables;
}

TEST(Settings, EveryHbpEnvironmentNameIsAnAliasOfItsSetting) {
  std::map<std::string, std::string> declared;
  for (const auto& [variable, name] : SettingsSchema().EnvAliases()) declared[variable] = name;
  for (const auto& [variable, setting] : HbpVariables()) {
    EXPECT_EQ(declared[variable], setting.first) << variable;
  }
  EXPECT_EQ(declared.size(), HbpVariables().size());
}

TEST(Settings, HbpEnvironmentNamesSetTheSettingsBelowEveryOtherSource) {
  std::map<std::string, std::string> environment;
  for (const auto& [variable, setting] : HbpVariables()) environment[variable] = setting.second;
  SettingSources sources;
  sources.environment_aliases =
      ReadEnvironmentAliases(SettingsSchema().EnvAliases(), [&](const char* name) -> const char* {
        auto it = environment.find(name);
        return it == environment.end() ? nullptr : it->second.c_str();
      });
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_TRUE(s->flows.magic_link_enabled);
  EXPECT_FALSE(s->flows.auto_activate_new_users);
  EXPECT_TRUE(s->flows.verify_emails);
  EXPECT_FALSE(s->flows.lost_password_enabled);
  EXPECT_FALSE(s->mfa_feature.enabled);
  EXPECT_FALSE(s->flows.allow_user_self_delete);
  EXPECT_EQ(s->flows.redirect_url_success, "https://app.example.com/ok");
  EXPECT_EQ(s->flows.redirect_url_error, "https://app.example.com/error");
  EXPECT_EQ(s->hasura.claims_namespace, "https://example.com/claims");
  EXPECT_EQ(s->hasura.default_user_role, "member");
  EXPECT_EQ(s->hasura.default_allowed_user_roles, (std::vector<std::string>{"member", "me"}));
  EXPECT_EQ(s->hasura.allowed_user_roles, (std::vector<std::string>{"member", "me", "editor"}));
  EXPECT_EQ(s->hasura.jwt_custom_fields, std::vector<std::string>{"company_id"});
  EXPECT_EQ(s->hasura.registration_custom_fields,
            (std::vector<std::string>{"company_id", "locale"}));
  // What the tokens use is the same, the claims on because the HBP dialect is.
  EXPECT_EQ(s->auth.hasura.default_user_role, "member");
  EXPECT_TRUE(s->auth.hasura.enabled);

  // A PORTCULLIS_ variable, the file and a flag each win over the HBP name.
  const std::string path =
      WriteFile("portcullis_settings_hbp_test.toml", "default_user_role = \"file\"\n");
  sources.config_file = path;
  sources.environment = {{"magic_link_enabled", "false"}};
  sources.flags = {{"verify_emails", "false"}};
  s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_FALSE(s->flows.magic_link_enabled);
  EXPECT_FALSE(s->flows.verify_emails);
  EXPECT_EQ(s->hasura.default_user_role, "file");
  EXPECT_EQ(s->flows.redirect_url_error, "https://app.example.com/error");
  std::remove(path.c_str());
}

TEST(Settings, HasuraClaimsFollowTheHbpDialectOrTheirOwnSwitch) {
  auto s = LoadSettings({});
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->hasura.enabled);
  EXPECT_TRUE(s->auth.hasura.enabled);  // the HBP dialect is on by default
  EXPECT_EQ(s->auth.hasura.claims_namespace, "https://hasura.io/jwt/claims");
  EXPECT_EQ(s->auth.hasura.default_user_role, "user");
  SettingSources sources;
  sources.flags = {{"dialects.hbp.enabled", "false"}};
  s = LoadSettings(sources);
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->auth.hasura.enabled);
  sources.flags["hasura_claims"] = "true";
  s = LoadSettings(sources);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->auth.hasura.enabled);
  sources.flags["jwt_claims_namespace"] = "sub";
  s = LoadSettings(sources);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().detail.find("jwt_claims_namespace"), std::string::npos);
}

TEST(Settings, TablesInTheFileAndDottedNamesElsewhere) {
  const std::string path = WriteFile("portcullis_settings_tables.toml",
                                     "data_dir = \"/srv/pc\"\n"
                                     "[http]\nlisten = \"0.0.0.0:9000\"\nio_threads = 3\n"
                                     "[auth]\naccess_ttl = 100\nstep_up_window = 60\n"
                                     "[argon2]\nmemory_kib = 64\niterations = 1\n"
                                     "[log]\nlevel = \"warn\"\n");
  SettingSources sources;
  sources.config_file = path;
  sources.environment = {{"http.worker_threads", "5"}, {"auth.access_ttl", "120"}};
  sources.flags = {{"mfa.ticket_ttl", "60"}};
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->data_dir, "/srv/pc");
  EXPECT_EQ(s->database_path, "/srv/pc/portcullis.db");
  EXPECT_EQ(s->http.host, "0.0.0.0");
  EXPECT_EQ(s->http.port, 9000);
  EXPECT_EQ(s->http.io_threads, 3);
  EXPECT_EQ(s->http.worker_threads, 5);
  EXPECT_EQ(s->auth.access_ttl, 120);
  EXPECT_EQ(s->step_up.window, 60);
  EXPECT_EQ(s->argon2.params.m_cost_kib, 64u);
  EXPECT_EQ(s->argon2.params.t_cost, 1u);
  EXPECT_EQ(s->log.level, "warn");
  EXPECT_EQ(s->mfa.ticket_ttl, 60);
  std::remove(path.c_str());
}

// Every flat name of the first build keeps working, with its former meaning, in every source.
TEST(Settings, EveryFormerNameWorksInEverySource) {
  const std::vector<std::tuple<std::string, std::string, std::string>> former = {
      // name, a value other than the default, the setting it sets as shown
      {"listen", "0.0.0.0:9001", "http.listen"},
      {"jwt_alg", "EdDSA", "jwt.alg"},
      {"jwt_key_file", "/k.pem", "jwt.key_file"},
      {"issuer", "x", "auth.issuer"},
      {"access_ttl", "61", "auth.access_ttl"},
      {"refresh_ttl", "3600", "auth.refresh_ttl"},
      {"refresh_reuse_grace", "4", "auth.refresh_reuse_grace"},
      {"token_leeway", "5", "auth.token_leeway"},
      {"argon2_memory_kib", "1024", "argon2.memory_kib"},
      {"argon2_iterations", "3", "argon2.iterations"},
      {"argon2_parallelism", "2", "argon2.parallelism"},
      {"argon2_threads", "3", "argon2.threads"},
      {"argon2_queue", "7", "argon2.queue"},
      {"cookie_secure", "false", "cookie.secure"},
      {"refresh_cookie_name", "rt", "cookie.name"},
      {"max_body_bytes", "2048", "http.max_body_bytes"},
      {"max_header_bytes", "4096", "http.max_header_bytes"},
      {"io_threads", "3", "http.io_threads"},
      {"worker_threads", "4", "http.worker_threads"},
      {"worker_queue", "9", "http.worker_queue"},
      {"read_timeout", "11", "http.read_timeout"},
      {"idle_timeout", "12", "http.idle_timeout"},
      {"mfa_issuer", "Acme", "mfa.issuer"},
      {"mfa_ticket_ttl", "120", "mfa.ticket_ttl"},
      {"step_up_window", "30", "auth.step_up_window"},
      {"log_level", "debug", "log.level"},
      {"access_log", "false", "log.access"},
  };
  const auto& schema = SettingsSchema();
  for (const auto& [name, value, canonical] : former) {
    const auto* option = schema.Find(canonical);
    ASSERT_NE(option, nullptr) << canonical;
    EXPECT_EQ(schema.Find(name), option) << name << " is not a former name of " << canonical;
    const std::string path =
        WriteFile("portcullis_former.toml", name + " = " + TomlLiteral(value) + "\n");
    SettingSources file;
    file.config_file = path;
    SettingSources environment;
    // Init-captures: clang 14 cannot capture a structured binding itself.
    environment.environment =
        ReadEnvironment(schema.Names(), [&former_name = name, &text = value](const char* variable) {
          return options::EnvironmentName(former_name) == variable ? text.c_str() : nullptr;
        });
    SettingSources flags;
    flags.flags = {{name, value}};
    for (const SettingSources* sources : {&file, &environment, &flags}) {
      auto s = LoadSettings(*sources);
      ASSERT_TRUE(s.ok()) << name << ": " << s.error().detail;
      EXPECT_EQ(option->show(*s), value) << name;
    }
    std::remove(path.c_str());
  }
  for (const std::string secret : {"jwt_secret", "mfa_encryption_key", "mfa_recovery_key"}) {
    const auto* option = schema.Find(secret);
    ASSERT_NE(option, nullptr) << secret;
    SettingSources flags;
    flags.flags = {{secret, std::string(40, 'k')}};
    auto s = LoadSettings(flags);
    ASSERT_TRUE(s.ok()) << s.error().detail;
    EXPECT_EQ(option->show(*s), "(set)");
  }
  SettingSources flags;
  flags.flags = {{"data_dir", "/d"}, {"database", "sqlite:/d/x.db"}};
  auto s = LoadSettings(flags);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->database_path, "/d/x.db");
}

TEST(Settings, AFormerAndAFullNameTogetherInOneSourceAreAnError) {
  SettingSources sources;
  sources.environment = {{"access_ttl", "100"}, {"auth.access_ttl", "200"}};
  auto s = LoadSettings(sources);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().detail.find("given twice"), std::string::npos) << s.error().detail;
}

TEST(Settings, BadValuesNameTheSetting) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"jwt_alg", "none"},        {"jwt_secret", "short"},
      {"listen", "nowhere"},      {"listen", "h:99999"},
      {"access_ttl", "ten"},      {"database", "mysql:x"},
      {"cookie_secure", "maybe"}, {"refresh_reuse_grace", "-1"},
      {"mfa_issuer", "a:b"},      {"refresh_cookie_name", "a b"},
      {"log_level", "loud"},      {"data_dir", ""},
      {"http.io_threads", "0"},   {"argon2.memory_kib", "x"}};
  for (const auto& [name, value] : bad) {
    SettingSources sources;
    sources.flags = {{name, value}};
    auto s = LoadSettings(sources);
    ASSERT_FALSE(s.ok()) << name << "=" << value;
    EXPECT_NE(s.error().detail.find(name), std::string::npos) << s.error().detail;
    EXPECT_EQ(s.error().detail.find('\n'), std::string::npos) << s.error().detail;
  }
}

TEST(Settings, StorageDefaultsUnderTheDataDirAndTakesAnS3Bucket) {
  SettingSources sources;
  sources.flags = {{"data_dir", "/srv/pc"}};
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->storage.url, "file:/srv/pc/storage");
  sources.flags = {{"storage", "s3://files?endpoint=https://s3.example.com&region=eu-west-1"},
                   {"storage_secret_access_key", "s3-secret-value"},
                   {"storage_part_size_mib", "16"}};
  s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->storage.url, "s3://files?endpoint=https://s3.example.com&region=eu-west-1");
  EXPECT_EQ(s->storage.secret_access_key, "s3-secret-value");
  EXPECT_EQ(s->storage.part_size_mib, 16u);
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"storage", "s3://files?endpoint=http://10.0.0.5:9000"},
           {"storage", "ftp://x"},
           {"storage", "file:"},
           {"storage_part_size_mib", "4"}}) {
    sources.flags = {{name, value}};
    auto bad = LoadSettings(sources);
    ASSERT_FALSE(bad.ok()) << name << "=" << value;
    EXPECT_NE(bad.error().detail.find(name), std::string::npos) << bad.error().detail;
  }
}

TEST(Settings, ErrorsNameTheSourceAndNeverEchoASecret) {
  SettingSources sources;
  sources.environment = {{"access_ttl", "soon"}};
  auto s = LoadSettings(sources);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().detail,
            "setting auth.access_ttl (access_ttl) from PORTCULLIS_ACCESS_TTL: must be an integer, "
            "got 'soon'");
  sources = {};
  sources.flags = {{"jwt_secret", "short-secret-value"}};
  s = LoadSettings(sources);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().detail.find("short-secret-value"), std::string::npos) << s.error().detail;
}

TEST(Settings, ChecksOverSeveralSettings) {
  SettingSources sources;
  sources.flags = {{"argon2_memory_kib", "8"}, {"argon2_parallelism", "2"}};
  auto s = LoadSettings(sources);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().detail.find("argon2_memory_kib"), std::string::npos) << s.error().detail;
}

TEST(Settings, ListenAndDatabaseAreParsed) {
  SettingSources sources;
  sources.flags = {{"listen", "[::1]:9000"}, {"database", "sqlite:/tmp/x.db"}};
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->http.host, "::1");
  EXPECT_EQ(s->http.port, 9000);
  EXPECT_EQ(s->database_path, "/tmp/x.db");
}

TEST(Settings, UnknownFileSettingIsAnError) {
  for (const std::string text : {"acces_ttl = 100\n", "[auth]\nacces_ttl = 1\n"}) {
    const std::string path = WriteFile("portcullis_settings_unknown.toml", text);
    SettingSources sources;
    sources.config_file = path;
    auto s = LoadSettings(sources);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().detail.find("acces_ttl"), std::string::npos);
    EXPECT_NE(s.error().detail.find("unknown setting"), std::string::npos);
    std::remove(path.c_str());
  }
}

TEST(Settings, NamesAreUniqueAndEveryFlatNameOfTheFirstBuildIsKnown) {
  EXPECT_TRUE(SettingsSchema().CheckUnique());
  for (const char* name : {"listen",
                           "database",
                           "data_dir",
                           "jwt_alg",
                           "jwt_secret",
                           "jwt_key_file",
                           "issuer",
                           "access_ttl",
                           "refresh_ttl",
                           "refresh_reuse_grace",
                           "token_leeway",
                           "argon2_memory_kib",
                           "argon2_iterations",
                           "argon2_parallelism",
                           "argon2_threads",
                           "argon2_queue",
                           "cookie_secure",
                           "refresh_cookie_name",
                           "max_body_bytes",
                           "max_header_bytes",
                           "io_threads",
                           "worker_threads",
                           "worker_queue",
                           "read_timeout",
                           "idle_timeout",
                           "mfa_encryption_key",
                           "mfa_recovery_key",
                           "mfa_issuer",
                           "mfa_ticket_ttl",
                           "step_up_window",
                           "log_level",
                           "access_log"}) {
    EXPECT_NE(SettingsSchema().Find(name), nullptr) << name;
  }
}

TEST(Settings, APostgresUrlSelectsPostgresAndIsShownWithoutItsPassword) {
  SettingSources sources;
  sources.environment = {
      {"database", "postgres://app:s3cret@db.internal:5432/auth?sslmode=require"},
      {"database_pool_size", "4"},
      {"database_statement_timeout", "7"}};
  sources.flags = {{"postgres.connect_timeout", "3"}};
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->postgres_url, "postgres://app:s3cret@db.internal:5432/auth?sslmode=require");
  EXPECT_EQ(s->postgres.pool_size, 4u);
  EXPECT_EQ(s->postgres.statement_timeout, std::chrono::seconds(7));
  EXPECT_EQ(s->postgres.connect_timeout, std::chrono::seconds(3));
  EXPECT_EQ(DatabaseLabel(*s), "postgres://app:***@db.internal:5432/auth?sslmode=require");
  const auto* database = SettingsSchema().Find("database");
  ASSERT_NE(database, nullptr);
  EXPECT_EQ(database->show(*s).find("s3cret"), std::string::npos);
}

TEST(Settings, SqliteStaysTheDefaultAndPostgresSettingsAreChecked) {
  auto s = LoadSettings({});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->postgres_url.empty());
  EXPECT_EQ(s->postgres.pool_size, 0u);  // two per core
  EXPECT_EQ(s->postgres.statement_timeout, std::chrono::seconds(5));
  SettingSources too_many;
  too_many.environment = {{"postgres.pool_size", "5000"}};
  auto refused = LoadSettings(too_many);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail.find("postgres.pool_size (database_pool_size)"),
            std::string::npos)
      << refused.error().detail;
}

}  // namespace
}  // namespace portcullis::app
