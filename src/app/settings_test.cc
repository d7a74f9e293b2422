// Tests for settings precedence, parsing and validation.
#include "app/settings.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

namespace portcullis::app {
namespace {

TEST(Settings, DefaultsAreTheDocumentedOnes) {
  auto s = LoadSettings({});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->jwt_alg, "HS256");
  EXPECT_EQ(s->access_ttl, 900);
  EXPECT_EQ(s->refresh_ttl, 30 * 86400);
  EXPECT_EQ(s->refresh_reuse_grace, 10);
  EXPECT_EQ(s->argon2_memory_kib, 19456u);
  EXPECT_EQ(s->database_path, "data/portcullis.db");
}

TEST(Settings, FlagsBeatEnvironmentBeatFile) {
  const std::string path = ::testing::TempDir() + "/portcullis_settings_test.toml";
  std::ofstream(path)
      << "access_ttl = 100\nrefresh_reuse_grace = 3\nissuer = \"file\"\ncookie_secure = false\n";
  SettingSources sources;
  sources.config_file = path;
  sources.environment = {{"access_ttl", "200"}, {"issuer", "env"}};
  sources.flags = {{"issuer", "flag"}};
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->access_ttl, 200);
  EXPECT_EQ(s->refresh_reuse_grace, 3);
  EXPECT_EQ(s->issuer, "flag");
  EXPECT_FALSE(s->cookie_secure);
  std::remove(path.c_str());
}

TEST(Settings, BadValuesNameTheSetting) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"jwt_alg", "none"},        {"jwt_secret", "short"},      {"listen", "nowhere"},
      {"listen", "h:99999"},      {"access_ttl", "ten"},        {"database", "mysql:x"},
      {"cookie_secure", "maybe"}, {"refresh_reuse_grace", "-1"}};
  for (const auto& [name, value] : bad) {
    SettingSources sources;
    sources.flags = {{name, value}};
    auto s = LoadSettings(sources);
    ASSERT_FALSE(s.ok()) << name << "=" << value;
    EXPECT_NE(s.error().detail.find(name), std::string::npos) << s.error().detail;
  }
}

TEST(Settings, ListenAndDatabaseAreParsed) {
  SettingSources sources;
  sources.flags = {{"listen", "0.0.0.0:9000"}, {"database", "sqlite:/tmp/x.db"}};
  auto s = LoadSettings(sources);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->listen_host, "0.0.0.0");
  EXPECT_EQ(s->listen_port, 9000);
  EXPECT_EQ(s->database_path, "/tmp/x.db");
}

TEST(Settings, UnknownFileSettingIsAnError) {
  const std::string path = ::testing::TempDir() + "/portcullis_settings_unknown.toml";
  std::ofstream(path) << "acces_ttl = 100\n";
  SettingSources sources;
  sources.config_file = path;
  auto s = LoadSettings(sources);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().detail.find("acces_ttl"), std::string::npos);
  std::remove(path.c_str());
}

TEST(Settings, EverySettingIsDocumented) {
  std::ifstream doc(std::string(PORTCULLIS_SOURCE_DIR) + "/docs/CONFIGURATION.md");
  ASSERT_TRUE(doc.good());
  const std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
  for (const auto& spec : AllSettings()) {
    EXPECT_NE(text.find("| `" + spec.name + "` |"), std::string::npos)
        << spec.name << " is missing from docs/CONFIGURATION.md";
  }
}

}  // namespace
}  // namespace portcullis::app
