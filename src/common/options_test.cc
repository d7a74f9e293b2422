// Tests for the declarative settings: declaration, nesting, aliases, lists, tables, checks,
// secrets and naming, on a test schema (no file format: values are given as Tables).
#include "common/options.h"

#include <gtest/gtest.h>

namespace portcullis::options {
namespace {

struct Server {
  int threads = 2;
  std::chrono::seconds timeout{30};
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
};

struct Provider {
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes = {"openid", "email"};
};

struct RateLimit {
  std::string route;
  int per_minute = 60;
};

struct Root {
  bool verbose = false;
  Server server;
  Provider google;
  std::vector<RateLimit> rate_limits;
};

Section<Server> ServerSection() {
  Section<Server> s("server", "Server");
  s.Add("threads", &Server::threads, "threads").Between(1, 64).Alias("threads");
  s.Add("timeout", &Server::timeout, "seconds")
      .Between(std::chrono::seconds(1), std::chrono::seconds(60));
  s.Custom(
       "listen", "HOST:PORT",
       [](Server& o, std::string_view text) -> Status {
         const auto colon = text.rfind(':');
         if (colon == std::string_view::npos) {
           return MakeError(ErrorCode::kInvalidRequest, "must be HOST:PORT");
         }
         auto port = Traits<uint16_t>::Parse(text.substr(colon + 1));
         if (!port) return MakeError(ErrorCode::kInvalidRequest, "must be HOST:PORT");
         o.host = std::string(text.substr(0, colon));
         o.port = *port;
         return Status::Ok();
       },
       [](const Server& o) { return o.host + ":" + std::to_string(o.port); })
      .Alias("listen");
  return s;
}

Section<Provider> GoogleSection() {
  Section<Provider> s("sso.google", "Google sign-in");
  s.Add("client_id", &Provider::client_id, "OAuth client id");
  s.Add("client_secret", &Provider::client_secret, "OAuth client secret").Secret();
  s.Add("scopes", &Provider::scopes, "scopes to ask for");
  return s;
}

Section<RateLimit> RateLimitSection() {
  Section<RateLimit> s;
  s.Add("route", &RateLimit::route, "route")
      .Require([](const std::string& r) { return !r.empty(); }, "must not be empty");
  s.Add("per_minute", &RateLimit::per_minute, "requests per minute").Between(1, 1000);
  return s;
}

Section<Root> Schema() {
  Section<Root> root("", "General");
  root.Add("verbose", &Root::verbose, "talk more");
  root.Nest(ServerSection(), &Root::server);
  root.Nest(GoogleSection(), &Root::google);
  root.Tables("rate_limits", &Root::rate_limits, RateLimitSection(), "limits per route");
  root.Check([](const Root& r) -> Status {
    if (r.server.threads > 8 && !r.verbose) {
      return Section<Root>::Invalid("server.threads", "above 8 needs verbose");
    }
    return Status::Ok();
  });
  return root;
}

Value Scalar(std::string text, std::string origin = "test") {
  return ValueFromText(Kind::kScalar, std::move(text), std::move(origin));
}

Table Given(std::map<std::string, Value> values) { return Table{std::move(values)}; }

TEST(Options, DefaultsComeFromTheStruct) {
  const auto schema = Schema();
  Root root;
  ASSERT_TRUE(schema.Apply(root, Table{}));
  const auto* threads = schema.Find("server.threads");
  ASSERT_NE(threads, nullptr);
  EXPECT_EQ(threads->show(root), "2");
  EXPECT_EQ(schema.Find("server.listen")->show(root), "127.0.0.1:8080");
  EXPECT_EQ(schema.Find("sso.google.scopes")->show(root), "openid,email");
  EXPECT_EQ(schema.Find("server.timeout")->show(root), "30");
}

TEST(Options, NamesAreDottedByTable) {
  const auto schema = Schema();
  std::vector<std::string> names;
  for (const auto& o : schema.options()) names.push_back(o.name);
  EXPECT_EQ(names, (std::vector<std::string>{"verbose", "server.threads", "server.timeout",
                                             "server.listen", "sso.google.client_id",
                                             "sso.google.client_secret", "sso.google.scopes",
                                             "rate_limits"}));
  EXPECT_EQ(schema.Find("sso.google.client_id")->table, "sso.google");
  EXPECT_EQ(schema.Find("sso.google.client_id")->title, "Google sign-in");
  EXPECT_TRUE(schema.CheckUnique());
}

TEST(Options, EnvironmentAndFlagNames) {
  EXPECT_EQ(EnvironmentName("sso.google.client_id"), "PORTCULLIS_SSO__GOOGLE__CLIENT_ID");
  EXPECT_EQ(EnvironmentName("access_ttl"), "PORTCULLIS_ACCESS_TTL");
  EXPECT_EQ(FlagNames("sso.google.client_id"),
            (std::vector<std::string>{"--sso.google.client_id", "--sso.google.client-id"}));
  EXPECT_EQ(FlagNames("listen"), (std::vector<std::string>{"--listen"}));
}

TEST(Options, ScalarsAreParsedIntoTheirMembers) {
  const auto schema = Schema();
  Root root;
  ASSERT_TRUE(schema.Apply(root, Given({{"verbose", Scalar("yes")},
                                        {"server.threads", Scalar("12")},
                                        {"server.timeout", Scalar("5")},
                                        {"server.listen", Scalar("0.0.0.0:9000")},
                                        {"sso.google.client_id", Scalar("abc")}})));
  EXPECT_TRUE(root.verbose);
  EXPECT_EQ(root.server.threads, 12);
  EXPECT_EQ(root.server.timeout, std::chrono::seconds(5));
  EXPECT_EQ(root.server.host, "0.0.0.0");
  EXPECT_EQ(root.server.port, 9000);
  EXPECT_EQ(root.google.client_id, "abc");
  EXPECT_TRUE(schema.Validate(root));
}

TEST(Options, LaterSourcesWinWhenAppliedInOrder) {
  const auto schema = Schema();
  Root root;
  ASSERT_TRUE(schema.Apply(root, Given({{"server.threads", Scalar("3")}})));  // file
  ASSERT_TRUE(schema.Apply(root, Given({{"threads", Scalar("4")}})));         // environment
  EXPECT_EQ(root.server.threads, 4);
  ASSERT_TRUE(schema.Apply(root, Given({{"server.threads", Scalar("5")}})));  // flags
  EXPECT_EQ(root.server.threads, 5);
}

TEST(Options, FormerNamesWorkAndTheSameSettingTwiceInOneSourceIsAnError) {
  const auto schema = Schema();
  Root root;
  ASSERT_TRUE(schema.Apply(root, Given({{"listen", Scalar("h:1")}})));
  EXPECT_EQ(root.server.host, "h");
  EXPECT_EQ(schema.Label("threads"), "server.threads (threads)");
  auto twice = schema.Apply(
      root, Given({{"threads", Scalar("3", "A")}, {"server.threads", Scalar("4", "B")}}));
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().detail.find("given twice"), std::string::npos) << twice.error().detail;
  EXPECT_EQ(twice.error().member, "server.threads");
}

TEST(Options, ListsTakeEveryItem) {
  const auto schema = Schema();
  Root root;
  ASSERT_TRUE(schema.Apply(
      root, Given({{"sso.google.scopes", ValueFromText(Kind::kList, " openid , profile ", "e")}})));
  EXPECT_EQ(root.google.scopes, (std::vector<std::string>{"openid", "profile"}));
  ASSERT_TRUE(
      schema.Apply(root, Given({{"sso.google.scopes", ValueFromText(Kind::kList, "", "e")}})));
  EXPECT_TRUE(root.google.scopes.empty());
  auto scalar_for_list = schema.Apply(root, Given({{"sso.google.scopes", Scalar("openid")}}));
  EXPECT_FALSE(scalar_for_list);
  Value list = ValueFromText(Kind::kList, "1,2", "f");
  EXPECT_FALSE(schema.Apply(root, Given({{"server.threads", list}})));
}

TEST(Options, ListsOfTablesReadEachEntryWithTheElementSection) {
  const auto schema = Schema();
  Root root;
  Value tables;
  tables.kind = Kind::kTables;
  tables.origin = "f.toml";
  tables.tables.push_back(Given({{"route", Scalar("/login")}, {"per_minute", Scalar("10")}}));
  tables.tables.push_back(Given({{"route", Scalar("/refresh")}}));
  ASSERT_TRUE(schema.Apply(root, Given({{"rate_limits", tables}})));
  ASSERT_EQ(root.rate_limits.size(), 2u);
  EXPECT_EQ(root.rate_limits[0].route, "/login");
  EXPECT_EQ(root.rate_limits[0].per_minute, 10);
  EXPECT_EQ(root.rate_limits[1].per_minute, 60);  // the element's default
  EXPECT_EQ(schema.Find("rate_limits")->show(root), "2 tables");

  tables.tables[1].values["per_minute"] = Scalar("many");
  auto bad = schema.Apply(root, Given({{"rate_limits", tables}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail,
            "setting rate_limits from f.toml: entry 2: per_minute: must be an integer, got 'many'");
  tables.tables[1].values.erase("per_minute");
  tables.tables[1].values["route"] = Scalar("");
  bad = schema.Apply(root, Given({{"rate_limits", tables}}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("entry 2: route: must not be empty"), std::string::npos);
  tables.tables[1].values["rout"] = Scalar("/x");
  bad = schema.Apply(root, Given({{"rate_limits", tables}}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("rout: unknown setting"), std::string::npos);
}

TEST(Options, ErrorsNameTheSettingItsFormerNameAndTheSource) {
  const auto schema = Schema();
  Root root;
  auto bad = schema.Apply(root, Given({{"threads", Scalar("ten", "PORTCULLIS_THREADS")}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail,
            "setting server.threads (threads) from PORTCULLIS_THREADS: must be an integer, "
            "got 'ten'");
  EXPECT_EQ(bad.error().member, "server.threads");
  bad = schema.Apply(root, Given({{"server.threads", Scalar("65", "--server.threads")}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail,
            "setting server.threads (threads) from --server.threads: must be between 1 and 64");
  bad = schema.Apply(root, Given({{"server.timeout", Scalar("0")}}));
  EXPECT_FALSE(bad);
  bad = schema.Apply(root, Given({{"verbose", Scalar("maybe")}}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("must be true or false"), std::string::npos);
  bad = schema.Apply(root, Given({{"server.thread", Scalar("1", "x.toml")}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail, "setting server.thread from x.toml: unknown setting");
  bad = schema.Apply(root, Given({{"listen", Scalar("nowhere")}}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("server.listen (listen)"), std::string::npos);
}

TEST(Options, ChecksOverSeveralSettingsRunInValidate) {
  const auto schema = Schema();
  Root root;
  ASSERT_TRUE(schema.Apply(root, Given({{"server.threads", Scalar("9")}})));
  auto bad = schema.Validate(root);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail, "setting server.threads (threads): above 8 needs verbose");
  root.verbose = true;
  EXPECT_TRUE(schema.Validate(root));
}

TEST(Options, SecretsAreNeverShownNorEchoed) {
  const auto schema = Schema();
  Root root;
  const auto* secret = schema.Find("sso.google.client_secret");
  ASSERT_NE(secret, nullptr);
  EXPECT_TRUE(secret->secret);
  EXPECT_EQ(secret->show(root), "");
  ASSERT_TRUE(schema.Apply(root, Given({{"sso.google.client_secret", Scalar("hunter2")}})));
  EXPECT_EQ(root.google.client_secret, "hunter2");
  EXPECT_EQ(secret->show(root), "(set)");
}

TEST(Options, CollidingNamesAreFound) {
  Section<Server> s("a");
  s.Add("b_c", &Server::threads, "x");
  s.Add("port", &Server::port, "y").Alias("a.b_c");
  EXPECT_FALSE(s.CheckUnique());
}

TEST(Options, EnvAliasesAreListedWithTheirSettingAndKeptByNest) {
  Section<Server> inner("server", "Server");
  inner.Add("threads", &Server::threads, "threads").EnvAlias("THREADS").Alias("old_threads");
  inner
      .Custom(
          "listen", "HOST:PORT", [](Server&, std::string_view) { return Status::Ok(); },
          [](const Server&) { return std::string(); })
      .EnvAlias("LISTEN")
      .EnvAlias("BIND");
  Section<Root> root("", "General");
  root.Add("verbose", &Root::verbose, "talk more");
  root.Nest(inner, &Root::server);
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(root.EnvAliases(), (Pairs{{"THREADS", "server.threads"},
                                      {"LISTEN", "server.listen"},
                                      {"BIND", "server.listen"}}));
  // An alias is no setting name: sources cannot give it as one.
  EXPECT_EQ(root.Find("THREADS"), nullptr);
  EXPECT_TRUE(root.CheckUnique());
}

TEST(Options, AnEnvAliasTakenTwiceOrByAnEnvironmentNameCollides) {
  Section<Server> twice("a");
  twice.Add("threads", &Server::threads, "x").EnvAlias("THREADS");
  twice.Add("port", &Server::port, "y").EnvAlias("THREADS");
  EXPECT_FALSE(twice.CheckUnique());
  Section<Server> shadow("a");
  shadow.Add("threads", &Server::threads, "x");
  shadow.Add("port", &Server::port, "y").EnvAlias("PORTCULLIS_A__THREADS");
  EXPECT_FALSE(shadow.CheckUnique());
}

namespace keyed {

struct Entry {
  std::string name;
  std::string issuer;
  std::string client_secret;
  std::vector<std::string> scopes = {"openid"};
};

struct Config {
  bool signup = false;
  std::map<std::string, Entry, std::less<>> providers;
};

Section<Config> KeyedSchema() {
  Section<Entry> entry;
  entry.Add("issuer", &Entry::issuer, "issuer URL");
  entry.Check([](const Entry& e) -> Status {
    if (e.issuer.empty()) return Section<Entry>::Invalid("issuer", "must be set");
    return Status::Ok();
  });
  entry.Add("client_secret", &Entry::client_secret, "secret").Secret();
  entry.Add("scopes", &Entry::scopes, "scopes");
  Section<Config> sso("sso", "Single sign-on");
  sso.Add("signup", &Config::signup, "open sign-up");
  sso.KeyedTables(&Config::providers, &Entry::name, entry, "providers by name");
  return sso;
}

Value List(std::vector<std::string> items) {
  Value v;
  v.kind = Kind::kList;
  v.items = std::move(items);
  v.origin = "test";
  return v;
}

TEST(KeyedTables, EachKeyBecomesAnEntryNamedByItsKey) {
  const auto schema = KeyedSchema();
  Config config;
  ASSERT_TRUE(schema.Apply(config, Given({{"sso.signup", Scalar("true")},
                                          {"sso.google.issuer", Scalar("https://g")},
                                          {"sso.corp.issuer", Scalar("https://corp")},
                                          {"sso.corp.scopes", List({"openid", "groups"})}})));
  ASSERT_TRUE(schema.Validate(config));
  EXPECT_TRUE(config.signup);
  ASSERT_EQ(config.providers.size(), 2u);
  EXPECT_EQ(config.providers.at("google").name, "google");
  EXPECT_EQ(config.providers.at("google").issuer, "https://g");
  EXPECT_EQ(config.providers.at("google").scopes, (std::vector<std::string>{"openid"}));
  EXPECT_EQ(config.providers.at("corp").name, "corp");
  EXPECT_EQ(config.providers.at("corp").scopes, (std::vector<std::string>{"openid", "groups"}));
  EXPECT_EQ(schema.Find("sso")->show(config), "corp,google");
}

TEST(KeyedTables, LaterSourcesMergeIntoTheSameEntryAndValidateRunsLast) {
  const auto schema = KeyedSchema();
  Config config;
  // The file names the provider without its issuer; the environment adds it: not an error yet.
  ASSERT_TRUE(schema.Apply(config, Given({{"sso.google.client_secret", Scalar("s3cret")}})));
  EXPECT_FALSE(schema.Validate(config));
  ASSERT_TRUE(schema.Apply(config, Given({{"sso.google.issuer", Scalar("https://g")}})));
  ASSERT_TRUE(schema.Validate(config));
  EXPECT_EQ(config.providers.at("google").client_secret, "s3cret");
}

TEST(KeyedTables, ErrorsNameTheEntryAndNeverEchoASecret) {
  const auto schema = KeyedSchema();
  Config config;
  auto unknown = schema.Apply(config, Given({{"sso.google.isuer", Scalar("x")}}));
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().detail.find("google.isuer"), std::string::npos)
      << unknown.error().detail;
  auto list = schema.Apply(config, Given({{"sso.google.client_secret", List({"hunter2"})}}));
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().detail.find("hunter2"), std::string::npos) << list.error().detail;
  auto bad_key = schema.Apply(config, Given({{"sso.Bad Key.issuer", Scalar("x")}}));
  EXPECT_FALSE(bad_key);
  Config empty;
  ASSERT_TRUE(schema.Apply(empty, Given({{"sso.corp.client_secret", Scalar("s")}})));
  auto invalid = schema.Validate(empty);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().member, "sso.corp");
  EXPECT_NE(invalid.error().detail.find("issuer"), std::string::npos) << invalid.error().detail;
  // A name that is no entry's setting ("sso.nothing") stays unknown.
  EXPECT_FALSE(schema.Apply(config, Given({{"sso.nothing", Scalar("x")}})));
}

TEST(KeyedTables, NamesListEachEntrySettingAsAPattern) {
  const auto schema = KeyedSchema();
  const auto names = schema.Names();
  const auto has = [&](const std::string& name, Kind kind) {
    for (const auto& [n, k] : names) {
      if (n == name && k == kind) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("sso", Kind::kKeyedTables));
  EXPECT_TRUE(has("sso.*.issuer", Kind::kScalar));
  EXPECT_TRUE(has("sso.*.scopes", Kind::kList));
  EXPECT_TRUE(schema.CheckUnique());
  ASSERT_EQ(schema.Find("sso")->elements.size(), 3u);
  EXPECT_TRUE(schema.Find("sso")->elements[1].secret);
}

}  // namespace keyed

}  // namespace
}  // namespace portcullis::options
