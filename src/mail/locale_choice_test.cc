// Tests for Accept-Language parsing and locale lookup.
#include "mail/locale_choice.h"

#include <gtest/gtest.h>

#include <set>

namespace portcullis::mail {
namespace {

std::string Lookup(std::string_view accept, std::set<std::string, std::less<>> available) {
  return LookupLocale(PreferredLanguages(accept),
                      [&](std::string_view l) { return available.contains(l); });
}

TEST(LocaleChoice, OrdersByQualityAndDropsZero) {
  EXPECT_EQ(PreferredLanguages("fr;q=0.5, de-CH, en;q=0.8, it;q=0"),
            (std::vector<std::string>{"de-ch", "en", "fr"}));
  EXPECT_EQ(PreferredLanguages("de"), (std::vector<std::string>{"de"}));
  EXPECT_TRUE(PreferredLanguages("").empty());
  EXPECT_EQ(PreferredLanguages("x;q=2, <script>, en;q=abc, fr"), (std::vector<std::string>{"fr"}));
}

TEST(LocaleChoice, FallsBackToTheLanguageRangesPrefix) {
  EXPECT_EQ(Lookup("de-CH", {"de", "en"}), "de");
  EXPECT_EQ(Lookup("de-CH, fr;q=0.9", {"fr", "de-ch"}), "de-ch");
  EXPECT_EQ(Lookup("zh-Hant-x-a", {"zh"}), "zh");
  EXPECT_EQ(Lookup("pt-BR;q=0.9, es", {"pt"}), "pt");
  EXPECT_EQ(Lookup("ja, *", {"en"}), "");
}

}  // namespace
}  // namespace portcullis::mail
