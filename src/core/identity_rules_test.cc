// Tests for email/username normalisation and the password policy.
#include "core/identity_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace portcullis::core {
namespace {

// The normalised key, or "ERROR: detail".
std::string Key(std::string_view email) {
  Result<std::string> key = NormalizeEmail(email);
  return key ? *key : "ERROR: " + key.error().detail;
}

void ExpectInvisibleRefused(const std::string& email) {
  Result<std::string> key = NormalizeEmail(email);
  ASSERT_FALSE(key.ok()) << email;
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(key.error().field, Field::kEmail);
  EXPECT_EQ(key.error().reason, Reason::kInvisibleCharacter) << email;
}

TEST(IdentityRules, NormalizesEmail) { EXPECT_EQ(Key("  Foo@Example.COM "), "foo@example.com"); }

TEST(IdentityRules, FoldsFullwidthAndCompatibilityForms) {
  EXPECT_EQ(Key("ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "alice@example.com");
  EXPECT_EQ(Key("ＡＬＩＣＥ@ＥＸＡＭＰＬＥ.com"), "alice@example.com");
  EXPECT_EQ(Key("\u2168@example.com"), "ix@example.com");                // roman numeral nine
  EXPECT_EQ(Key("ﬁle@example.com"), "file@example.com");                 // the fi ligature
  EXPECT_EQ(Key("\u00A0alice@example.com\u3000"), "alice@example.com");  // NBSP, ideographic space
  EXPECT_EQ(Key("alice\u00A0@example.com"), "alice @example.com");  // which ValidateEmail refuses
  EXPECT_EQ(Key("alice\uFE6Bexample.com"), "alice@example.com");    // small commercial at
}

TEST(IdentityRules, CaseFoldsUnicodeLocalParts) {
  EXPECT_EQ(Key("JÖRG@example.com"), "jörg@example.com");
  // NFD ("o" + combining diaeresis) and NFC are one key.
  EXPECT_EQ(Key("Jo\u0308rg@example.com"), Key("Jörg@example.com"));
  EXPECT_EQ(Key("ΣΊΣΥΦΟΣ@example.com"), Key("σίσυφος@example.com"));
  // Full case folding: "ß" and capital "ẞ" are "ss" in the local part, so these are one account.
  EXPECT_EQ(Key("straße@example.com"), "strasse@example.com");
  EXPECT_EQ(Key("STRAẞE@example.com"), "strasse@example.com");
  EXPECT_EQ(Key("Strasse@example.com"), "strasse@example.com");
}

TEST(IdentityRules, DomainsTakeTheirIdnaAsciiForm) {
  EXPECT_EQ(Key("alice@bücher.example"), "alice@xn--bcher-kva.example");
  EXPECT_EQ(Key("alice@BÜCHER.example"), "alice@xn--bcher-kva.example");
  EXPECT_EQ(Key("alice@xn--bcher-kva.example"), "alice@xn--bcher-kva.example");
  EXPECT_EQ(Key("alice@XN--BCHER-KVA.EXAMPLE"), "alice@xn--bcher-kva.example");
  EXPECT_EQ(Key("alice@ｂüｃｈｅｒ．example"), "alice@xn--bcher-kva.example");
  EXPECT_EQ(Key("alice@例え.テスト"), "alice@xn--r8jz45g.xn--zckzah");
  // Non-transitional UTS #46: "ß" in a domain is its own label, not "ss".
  EXPECT_EQ(Key("alice@faß.example"), "alice@xn--fa-hia.example");
  EXPECT_EQ(Key("alice@fass.example"), "alice@fass.example");
  // A domain that is no valid IDN (a label may not start with a combining mark).
  Result<std::string> bad = NormalizeEmail("alice@\u0301bücher.example");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, Field::kEmail);
}

TEST(IdentityRules, RefusesInvisibleAndControlCharactersBeforeAnyMapping) {
  for (const char* c : {"\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD"}) {
    ExpectInvisibleRefused("ali" + std::string(c) + "ce@example.com");  // zero-width, soft hyphen
  }
  for (const char* c : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                        "\u2068", "\u2069", "\u200E", "\u200F"}) {
    ExpectInvisibleRefused("alice@exa" + std::string(c) + "mple.com");  // bidi controls
  }
  for (const char* c : {"\t", "\n", "\r", "\x01", "\x1F", "\x7F", "\u0085", "\u009F"}) {
    ExpectInvisibleRefused("alice" + std::string(c) + "@example.com");  // C0, DEL, C1
  }
  ExpectInvisibleRefused(std::string("alice\0@example.com", 18));
  ExpectInvisibleRefused("alice@example.com\n");  // even at the end, where trimming would eat it
  ExpectInvisibleRefused("\u200Balice@example.com");
  ExpectInvisibleRefused("alice\u2028@example.com");      // line separator
  ExpectInvisibleRefused("alice\uFE0F@example.com");      // variation selector
  ExpectInvisibleRefused("alice\u034F@example.com");      // combining grapheme joiner
  ExpectInvisibleRefused("alice\u3164@example.com");      // Hangul filler
  ExpectInvisibleRefused("alice\u0600@example.com");      // an Arabic format character (Cf)
  ExpectInvisibleRefused("alice\U000E0001@example.com");  // a language tag
  // A fullwidth address carrying a zero-width space is refused, not folded first.
  ExpectInvisibleRefused("ａｌｉｃｅ\u200B＠ｅｘａｍｐｌｅ．ｃｏｍ");
}

TEST(IdentityRules, RefusesInvalidUtf8) {
  for (std::string bad : {"al\xFFice@example.com", "alice@ex\xC3.com", "\xC0\xAF@example.com",
                          "alice@\xED\xA0\x80.com"}) {
    Result<std::string> key = NormalizeEmail(bad);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(key.error().field, Field::kEmail);
  }
}

TEST(IdentityRules, LimitsLengthAfterNormalisation) {
  EXPECT_FALSE(NormalizeEmail(std::string(1025, 'a') + "@b.co").ok());
  // 80 fullwidth letters are 240 bytes raw but 80 after folding: the key fits.
  std::string fullwidth;
  for (int i = 0; i < 80; ++i) fullwidth += "ａ";
  const std::string folded = Key(fullwidth + "@example.com");
  EXPECT_EQ(folded, std::string(80, 'a') + "@example.com");
  EXPECT_TRUE(ValidateEmail(folded).ok());
  // U+FDFA (one character, 3 bytes) expands to 18 characters (33 bytes) under NFKC: 12 of them fit
  // 1024 raw bytes but not 254 normalised ones.
  std::string expanding;
  for (int i = 0; i < 12; ++i) expanding += "\uFDFA";
  const Result<std::string> long_key = NormalizeEmail(expanding + "@example.com");
  ASSERT_TRUE(long_key.ok());
  EXPECT_GT(long_key->size(), kMaxEmailBytes);
  EXPECT_FALSE(ValidateEmail(*long_key).ok());
}

TEST(IdentityRules, ValidatesEmail) {
  EXPECT_TRUE(ValidateEmail("a@b.co").ok());
  for (const char* bad :
       {"", "ab", "@b.co", "a@", "a@b", "a@@b.co", "a b@c.de", "a@b..c", "a@.b"}) {
    auto s = ValidateEmail(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().field, Field::kEmail);
  }
  EXPECT_FALSE(ValidateEmail(std::string(250, 'a') + "@b.co").ok());
}

TEST(IdentityRules, ValidatesUsername) {
  EXPECT_TRUE(ValidateUsername("alice_01").ok());
  EXPECT_FALSE(ValidateUsername("al").ok());
  EXPECT_FALSE(ValidateUsername("_alice").ok());
  EXPECT_FALSE(ValidateUsername("a@b.c").ok());
  EXPECT_FALSE(ValidateUsername(std::string(33, 'a')).ok());
}

TEST(IdentityRules, PasswordPolicyFollowsNist) {
  EXPECT_FALSE(ValidatePassword("short", "a@b.co").ok());
  EXPECT_TRUE(ValidatePassword("eight ch", "a@b.co").ok());
  std::string long_phrase;  // 200 characters and more are fine (up to 1024 bytes)
  for (int i = 0; i < 30; ++i) long_phrase += "word" + std::to_string(i * 7) + " ";
  ASSERT_GE(long_phrase.size(), 200u);
  EXPECT_TRUE(ValidatePassword(long_phrase, "a@b.co").ok());
  EXPECT_FALSE(ValidatePassword(std::string(200, 'x'), "a@b.co").ok());  // a repetition
  EXPECT_FALSE(ValidatePassword(std::string(1025, 'x'), "a@b.co").ok());
  // Eight code points of two bytes each are eight characters, seven are not.
  EXPECT_TRUE(ValidatePassword("éèêëàâäç", "a@b.co").ok());
  EXPECT_FALSE(ValidatePassword("éèêëàâä", "a@b.co").ok());
  auto same = ValidatePassword("Long@Example.com", "long@example.com");
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().field, Field::kPassword);
  EXPECT_FALSE(ValidatePassword("ｌｏｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "long@example.com").ok());
  EXPECT_FALSE(ValidatePassword("wonderland7", "wonderland7@example.com").ok());  // the name part
  EXPECT_FALSE(ValidatePassword("pass\xFFword1", "a@b.co").ok());                 // not UTF-8
}

TEST(IdentityRules, PasswordLengthCountsTheNfcForm) {
  // Seven letters in NFD are fourteen code points but seven characters: too short.
  std::string nfd;
  for (int i = 0; i < 7; ++i) nfd += "e\u0301";
  EXPECT_FALSE(ValidatePassword(nfd, "a@b.co").ok());
  EXPECT_EQ(NormalizePassword(nfd), "ééééééé");
  EXPECT_EQ(NormalizePassword("Ame\u0301lie lives here"), "Amélie lives here");
  EXPECT_EQ(NormalizePassword("ﬁ stays ﬁ"), "ﬁ stays ﬁ");  // NFC, not NFKC
  EXPECT_EQ(NormalizePassword("not \xFF utf-8"), "not \xFF utf-8");
}

Reason ReasonOf(std::string_view password, int64_t min_score = 0) {
  Status s = ValidatePassword(password, "alice@example.com", Field::kNewPassword, min_score);
  if (s.ok()) return Reason::kNone;
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(s.error().field, Field::kNewPassword);
  return s.error().reason;
}

TEST(IdentityRules, RefusesCommonRepetitiveAndSequentialPasswords) {
  for (const char* common : {"password", "12345678", "PASSWORD", "P@ssw0rd", "iloveyou",
                             "qwertyuiop", "1q2w3e4r", "87654321", "football"}) {
    EXPECT_EQ(ReasonOf(common), Reason::kCommonPassword) << common;
  }
  for (const char* repeated : {"        ", "aaaaaaaa", "11111111", "abcabcabc", "éééééééé",
                               "passwordpassword", "xoxoxoxoxo"}) {
    EXPECT_EQ(ReasonOf(repeated), Reason::kRepetitive) << repeated;
  }
  EXPECT_EQ(ReasonOf(std::string(300, 'z')), Reason::kRepetitive);
  for (const char* sequence : {"abcdefgh", "zyxwvuts", "hijklmnop", "23456789"}) {
    EXPECT_EQ(ReasonOf(sequence), Reason::kSequence) << sequence;
  }
}

TEST(IdentityRules, AcceptsStrongAndOrdinaryPasswords) {
  for (const char* good :
       {"correct horse battery staple", "Tr0ub4dor&3", "xK9#mQ2!vL", "abcd1234",
        "a prefixed passphrase", "über straße ✓ twice", "パスワードです", "пароль моей бабушки"}) {
    EXPECT_EQ(ReasonOf(good), Reason::kNone) << good;
  }
}

TEST(IdentityRules, MinScoreIsAFloorWhenSet) {
  // "dragon2024" is neither one common entry nor a pattern, but guessable (score below 3).
  EXPECT_EQ(ReasonOf("dragon2024"), Reason::kNone);
  EXPECT_EQ(ReasonOf("dragon2024", 3), Reason::kTooWeak);
  EXPECT_EQ(ReasonOf("correct horse battery staple", 4), Reason::kNone);
  EXPECT_EQ(ReasonOf("password", 4), Reason::kCommonPassword);  // the pattern is named first
}

}  // namespace
}  // namespace portcullis::core
