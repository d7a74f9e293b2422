// Tests for loading a schema from TOML, the environment and flags, on a test schema with nested
// tables, lists and a list of tables (no real setting of these shapes exists yet).
#include "app/config_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace portcullis::app {
namespace {

struct Provider {
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes = {"openid", "email"};
};

struct RateLimit {
  std::string route;
  int per_minute = 60;
  std::vector<std::string> methods;
};

struct TestConfig {
  int threads = 2;
  Provider google;
  std::vector<int> ports;
  std::vector<RateLimit> rate_limits;
};

options::Section<TestConfig> Schema() {
  options::Section<Provider> google("sso.google", "Google");
  google.Add("client_id", &Provider::client_id, "client id");
  google.Add("client_secret", &Provider::client_secret, "client secret").Secret();
  google.Add("scopes", &Provider::scopes, "scopes");
  options::Section<RateLimit> limit;
  limit.Add("route", &RateLimit::route, "route");
  limit.Add("per_minute", &RateLimit::per_minute, "per minute").Between(1, 1000);
  limit.Add("methods", &RateLimit::methods, "methods");
  options::Section<TestConfig> root("", "General");
  root.Add("threads", &TestConfig::threads, "threads")
      .Between(1, 64)
      .Alias("old_threads")
      .EnvAlias("THREADS");
  root.Nest(google, &TestConfig::google);
  root.Add("ports", &TestConfig::ports, "ports");
  root.Tables("rate_limits", &TestConfig::rate_limits, limit, "limits");
  return root;
}

std::string WriteFile(const std::string& content) {
  // One file per test process: ctest runs the tests of this binary in parallel processes.
  const std::string path = ::testing::TempDir() + "/portcullis_config_loader_test." +
                           std::to_string(::getpid()) + ".toml";
  std::ofstream(path) << content;
  return path;
}

// An environment made of `variables` only.
std::map<std::string, std::string> Environment(
    const options::Section<TestConfig>& schema,
    const std::map<std::string, std::string>& variables) {
  return ReadEnvironment(schema.Names(), [&](const char* name) -> const char* {
    auto it = variables.find(name);
    return it == variables.end() ? nullptr : it->second.c_str();
  });
}

TEST(ConfigLoader, TomlTablesArraysAndArraysOfTables) {
  const auto schema = Schema();
  ConfigSources sources;
  sources.config_file = WriteFile(
      "threads = 3\nports = [80, 443]\n"
      "[sso.google]\nclient_id = \"id-from-file\"\nscopes = [\"openid\", \"profile\"]\n"
      "[[rate_limits]]\nroute = \"/login\"\nper_minute = 10\nmethods = [\"POST\"]\n"
      "[[rate_limits]]\nroute = \"/refresh\"\n");
  auto c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->threads, 3);
  EXPECT_EQ(c->ports, (std::vector<int>{80, 443}));
  EXPECT_EQ(c->google.client_id, "id-from-file");
  EXPECT_EQ(c->google.scopes, (std::vector<std::string>{"openid", "profile"}));
  ASSERT_EQ(c->rate_limits.size(), 2u);
  EXPECT_EQ(c->rate_limits[0].route, "/login");
  EXPECT_EQ(c->rate_limits[0].per_minute, 10);
  EXPECT_EQ(c->rate_limits[0].methods, (std::vector<std::string>{"POST"}));
  EXPECT_EQ(c->rate_limits[1].per_minute, 60);
  std::remove(sources.config_file->c_str());
}

TEST(ConfigLoader, DottedKeysAndInlineTablesAreTheSameNames) {
  const auto schema = Schema();
  ConfigSources sources;
  sources.config_file = WriteFile(
      "sso.google.client_id = \"dotted\"\nrate_limits = [{route = \"/a\", per_minute = 5}]\n");
  auto c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->google.client_id, "dotted");
  ASSERT_EQ(c->rate_limits.size(), 1u);
  EXPECT_EQ(c->rate_limits[0].per_minute, 5);
  std::remove(sources.config_file->c_str());
}

TEST(ConfigLoader, EnvironmentNamesUseDoubleUnderscoresAndListsCommas) {
  const auto schema = Schema();
  ConfigSources sources;
  sources.environment =
      Environment(schema, {{"PORTCULLIS_SSO__GOOGLE__CLIENT_ID", "id-from-env"},
                           {"PORTCULLIS_SSO__GOOGLE__SCOPES", "openid, profile,email"},
                           {"PORTCULLIS_PORTS", "1,2"},
                           {"PORTCULLIS_RATE_LIMITS", "[{route = \"/x\", methods = [\"GET\"]}]"},
                           {"PORTCULLIS_OLD_THREADS", "7"},
                           {"PORTCULLIS_SSO_GOOGLE_CLIENT_ID", "not a name"}});
  auto c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->google.client_id, "id-from-env");
  EXPECT_EQ(c->google.scopes, (std::vector<std::string>{"openid", "profile", "email"}));
  EXPECT_EQ(c->ports, (std::vector<int>{1, 2}));
  ASSERT_EQ(c->rate_limits.size(), 1u);
  EXPECT_EQ(c->rate_limits[0].route, "/x");
  EXPECT_EQ(c->rate_limits[0].methods, (std::vector<std::string>{"GET"}));
  EXPECT_EQ(c->threads, 7);
}

TEST(ConfigLoader, DefaultsThenFileThenEnvironmentThenFlags) {
  const auto schema = Schema();
  ConfigSources sources;
  sources.config_file = WriteFile(
      "threads = 3\n[sso.google]\nclient_id = \"file\"\nclient_secret = \"file-secret\"\n"
      "scopes = [\"a\"]\n");
  sources.environment = Environment(
      schema, {{"PORTCULLIS_SSO__GOOGLE__CLIENT_ID", "env"}, {"PORTCULLIS_THREADS", "4"}});
  sources.flags = {{"sso.google.client_id", "flag"}, {"sso.google.scopes", "b,c"}};
  auto c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->google.client_id, "flag");
  EXPECT_EQ(c->google.client_secret, "file-secret");
  EXPECT_EQ(c->google.scopes, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(c->threads, 4);
  EXPECT_TRUE(c->rate_limits.empty());  // the default
  std::remove(sources.config_file->c_str());
}

// The bare variables of the schema's environment aliases among `variables`.
std::map<std::string, std::string> Aliases(const options::Section<TestConfig>& schema,
                                           const std::map<std::string, std::string>& variables) {
  return ReadEnvironmentAliases(schema.EnvAliases(), [&](const char* name) -> const char* {
    auto it = variables.find(name);
    return it == variables.end() ? nullptr : it->second.c_str();
  });
}

TEST(ConfigLoader, AnEnvironmentAliasIsTheLowestSource) {
  const auto schema = Schema();
  const std::map<std::string, std::string> hbp = {{"THREADS", "5"}, {"UNRELATED", "x"}};
  EXPECT_EQ(Aliases(schema, hbp), (std::map<std::string, std::string>{{"threads", "5"}}));
  // Alone it sets the value.
  ConfigSources sources;
  sources.environment_aliases = Aliases(schema, hbp);
  auto c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->threads, 5);
  // The file wins over it.
  sources.config_file = WriteFile("threads = 3\n");
  c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->threads, 3);
  std::remove(sources.config_file->c_str());
  sources.config_file.reset();
  // PORTCULLIS_ variables win over it.
  sources.environment = Environment(schema, {{"PORTCULLIS_THREADS", "6"}});
  c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->threads, 6);
  // So do flags, and a flag's former name too.
  sources.environment.clear();
  sources.flags = {{"old_threads", "7"}};
  c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->threads, 7);
}

TEST(ConfigLoader, ABadAliasValueIsReportedUnderTheVariablesName) {
  const auto schema = Schema();
  ConfigSources sources;
  sources.environment_aliases = Aliases(schema, {{"THREADS", "99"}});
  auto c = LoadConfig(schema, sources);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().detail.find("setting threads (old_threads) from THREADS: must be between"),
            std::string::npos)
      << c.error().detail;
}

TEST(ConfigLoader, ErrorsNameTheSettingAndWhereItCameFrom) {
  const auto schema = Schema();
  struct Case {
    std::string file;
    std::map<std::string, std::string> environment;
    std::map<std::string, std::string> flags;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"[sso.google]\nclient_idd = \"x\"\n", {}, {}, "setting sso.google.client_idd from "},
      {"threads = 1.5\n", {}, {}, "setting threads from "},
      {"ports = \"80\"\n", {}, {}, "setting ports from "},
      {"ports = [80, \"x\"]\n", {}, {}, "each item must be an integer, got 'x'"},
      {"[[rate_limits]]\nper_minute = 0\n", {}, {}, "entry 1: per_minute: must be between 1"},
      {"threads = \n", {}, {}, "setting config from "},
      {"",
       {{"PORTCULLIS_RATE_LIMITS", "/x"}},
       {},
       "from PORTCULLIS_RATE_LIMITS: must be an inline"},
      {"", {{"PORTCULLIS_PORTS", "1,,2"}}, {}, "from PORTCULLIS_PORTS: each item"},
      {"",
       {},
       {{"threads", "99"}},
       "setting threads (old_threads) from --threads: must be between"},
      {"threads = 2\nold_threads = 3\n", {}, {}, "given twice"},
  };
  for (const auto& test : cases) {
    ConfigSources sources;
    if (!test.file.empty()) sources.config_file = WriteFile(test.file);
    sources.environment = Environment(schema, test.environment);
    sources.flags = test.flags;
    auto c = LoadConfig(schema, sources);
    ASSERT_FALSE(c.ok()) << test.file << test.expected;
    EXPECT_NE(c.error().detail.find(test.expected), std::string::npos)
        << "got: " << c.error().detail << "\nexpected: " << test.expected;
    EXPECT_EQ(c.error().detail.find('\n'), std::string::npos) << c.error().detail;
  }
}

TEST(ConfigLoader, EmptyListsAreLists) {
  const auto schema = Schema();
  ConfigSources sources;
  sources.config_file = WriteFile("ports = []\nrate_limits = []\n[sso.google]\nscopes = []\n");
  auto c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_TRUE(c->ports.empty());
  EXPECT_TRUE(c->google.scopes.empty());
  sources = {};
  sources.environment = Environment(
      schema, {{"PORTCULLIS_SSO__GOOGLE__SCOPES", ""}, {"PORTCULLIS_RATE_LIMITS", "[]"}});
  c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_TRUE(c->google.scopes.empty());
}

struct KeyedProvider {
  std::string name;
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes = {"openid"};
};

struct KeyedConfig {
  bool signup = false;
  std::map<std::string, KeyedProvider, std::less<>> providers;
};

options::Section<KeyedConfig> KeyedSchema() {
  options::Section<KeyedProvider> entry;
  entry.Add("client_id", &KeyedProvider::client_id, "client id");
  entry.Add("client_secret", &KeyedProvider::client_secret, "client secret").Secret();
  entry.Add("scopes", &KeyedProvider::scopes, "scopes");
  options::Section<KeyedConfig> sso("sso", "Single sign-on");
  sso.Add("signup", &KeyedConfig::signup, "sign-up");
  sso.KeyedTables(&KeyedConfig::providers, &KeyedProvider::name, entry, "providers");
  return sso;
}

TEST(ConfigLoader, KeyedTablesFromTomlTablesTheEnvironmentAndAnInlineFlag) {
  const auto schema = KeyedSchema();
  ConfigSources sources;
  sources.config_file = WriteFile(
      "[sso]\nsignup = true\n[sso.google]\nclient_id = \"g\"\n[sso.corp]\nclient_id = \"c\"\n"
      "scopes = [\"openid\", \"groups\"]\n");
  // The environment's per-entry names are found by scanning it: set them for this process.
  ::setenv("PORTCULLIS_SSO__GOOGLE__CLIENT_SECRET", "from-env", 1);
  ::setenv("PORTCULLIS_SSO__GOOGLE__SCOPES", "openid,email", 1);
  sources.environment = ReadEnvironment(schema.Names());
  ::unsetenv("PORTCULLIS_SSO__GOOGLE__CLIENT_SECRET");
  ::unsetenv("PORTCULLIS_SSO__GOOGLE__SCOPES");
  sources.flags = {{"sso", "{github = {client_id = \"gh\"}}"}};
  auto c = LoadConfig(schema, sources);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_TRUE(c->signup);
  ASSERT_EQ(c->providers.size(), 3u);
  EXPECT_EQ(c->providers.at("google").name, "google");
  EXPECT_EQ(c->providers.at("google").client_id, "g");
  EXPECT_EQ(c->providers.at("google").client_secret, "from-env");
  EXPECT_EQ(c->providers.at("google").scopes, (std::vector<std::string>{"openid", "email"}));
  EXPECT_EQ(c->providers.at("corp").scopes, (std::vector<std::string>{"openid", "groups"}));
  EXPECT_EQ(c->providers.at("github").client_id, "gh");
  std::remove(sources.config_file->c_str());
}

}  // namespace
}  // namespace portcullis::app
