// Keeps docs/CONFIGURATION.md and --help true: the reference tables in the document must be what
// the declarations generate, and every setting's help names its environment variable and flags.
#include "app/settings_doc.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace portcullis::app {
namespace {

std::string ReadDoc() {
  std::ifstream doc(std::string(PORTCULLIS_SOURCE_DIR) + "/docs/CONFIGURATION.md");
  return std::string((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
}

TEST(SettingsDoc, ConfigurationMdHoldsTheGeneratedReference) {
  const std::string doc = ReadDoc();
  ASSERT_FALSE(doc.empty());
  const auto begin = doc.find(kReferenceBegin);
  const auto end = doc.find(kReferenceEnd);
  ASSERT_NE(begin, std::string::npos) << "docs/CONFIGURATION.md lacks the reference markers";
  ASSERT_NE(end, std::string::npos);
  const std::string in_doc = doc.substr(begin, end + std::string(kReferenceEnd).size() + 1 - begin);
  const std::string generated = SettingsReferenceMarkdown();
  if (in_doc == generated) return;
  // Name the first line that differs rather than printing both documents.
  std::istringstream a(in_doc), b(generated);
  std::string line_a, line_b;
  int line = 0;
  while (true) {
    ++line;
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a && !more_b) break;
    if (!more_a || !more_b || line_a != line_b) break;
  }
  ADD_FAILURE() << "docs/CONFIGURATION.md differs from the declarations (run "
                   "scripts/update-config-docs.sh); line "
                << line << " of the reference:\n  in the file: " << line_a
                << "\n  generated:   " << line_b;
}

TEST(SettingsDoc, EverySettingAndFormerNameIsInTheReference) {
  const std::string reference = SettingsReferenceMarkdown();
  for (const auto& option : SettingsSchema().options()) {
    EXPECT_NE(reference.find("| `" + option.name + "` | `" + options::EnvironmentName(option.name) +
                             "` |"),
              std::string::npos)
        << option.name;
    for (const auto& alias : option.aliases) {
      EXPECT_NE(reference.find("`" + alias + "`"), std::string::npos) << alias;
    }
  }
}

TEST(SettingsDoc, HelpNamesTheEnvironmentAndFormerNamesButNoSecret) {
  const auto* ttl = SettingsSchema().Find("auth.access_ttl");
  ASSERT_NE(ttl, nullptr);
  EXPECT_EQ(SettingHelp(*ttl),
            "access-token lifetime, seconds (default 900) [env PORTCULLIS_AUTH__ACCESS_TTL; former "
            "name access_ttl: --access-ttl, PORTCULLIS_ACCESS_TTL]");
  const auto* secret = SettingsSchema().Find("jwt.secret");
  ASSERT_NE(secret, nullptr);
  EXPECT_EQ(SettingHelp(*secret).find("default"), std::string::npos);
  Settings with_secret;
  with_secret.jwt.secret = "a-secret-that-must-never-be-printed-0123456789";
  const std::string listing = EffectiveSettingsText(with_secret);
  EXPECT_EQ(listing.find("a-secret-that"), std::string::npos);
  EXPECT_NE(listing.find("jwt.secret = (set)"), std::string::npos);
  EXPECT_NE(listing.find("auth.access_ttl = 900"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::app
