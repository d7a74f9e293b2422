// Tests for MustacheComposer: every built-in kind renders, HTML is escaped and text is not,
// overrides and locales are chosen, and a broken override is a start error naming its file.
#include "mail/mustache_composer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mail/builtin_templates.h"

namespace portcullis::mail {
namespace {

namespace fs = std::filesystem;

class TemplateDir {
 public:
  TemplateDir()
      : path_(fs::temp_directory_path() / ("pc_mail_templates_" + std::to_string(::getpid()) + "_" +
                                           std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TemplateDir() { fs::remove_all(path_); }
  void Write(const std::string& relative, const std::string& content) {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative) << content;
  }
  void WriteKind(const std::string& locale, const std::string& kind, const std::string& word) {
    Write(locale + "/" + kind + ".subject", word + " subject {{app_name}}\n");
    Write(locale + "/" + kind + ".txt", word + " text {{link}}");
    Write(locale + "/" + kind + ".html", "<p>" + word + " html {{link}}</p>");
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::unique_ptr<MustacheComposer> Make(MailOptions options = {}) {
  auto composer = MustacheComposer::Create(options);
  EXPECT_TRUE(composer.ok()) << composer.error().detail;
  return std::move(composer).value();
}

TEST(MustacheComposer, EveryBuiltInKindRendersItsValues) {
  auto composer = Make();
  for (std::string_view kind : kMailKinds) {
    auto content = composer->Compose(kind, "",
                                     {{"email", "a@example.com"},
                                      {"link", "https://x.test/l?t=T0KEN"},
                                      {"expires_in_minutes", "15"},
                                      {"new_email", "b@example.com"},
                                      {"company_name", "Acme"},
                                      {"inviter_name", "Bob"}});
    ASSERT_TRUE(content.ok()) << kind;
    EXPECT_FALSE(content->subject.empty()) << kind;
    EXPECT_NE(content->text.find("Portcullis"), std::string::npos) << kind;
    EXPECT_NE(content->html.find("<html"), std::string::npos) << kind;
    EXPECT_EQ(content->subject.find('\n'), std::string::npos) << kind;
    EXPECT_EQ(content->text.find("{{"), std::string::npos) << kind;
    const bool has_link = kind == "activation" || kind == "magic_link" ||
                          kind == "password_reset" || kind == "email_change" ||
                          kind == "registration_attempt" || kind == "invite";
    EXPECT_EQ(content->text.find("https://x.test/l?t=T0KEN") != std::string::npos, has_link)
        << kind;
    EXPECT_EQ(content->html.find("https://x.test/l?t=T0KEN") != std::string::npos, has_link)
        << kind;
  }
  EXPECT_EQ(composer->Compose("nope", "", {}).error().code, ErrorCode::kInternal);
}

TEST(MustacheComposer, EscapesHtmlButNotText) {
  auto composer = Make({.app_name = "Acme & Co"});
  auto content = composer->Compose(
      "activation", "",
      {{"display_name", "<script>alert(1)</script>"}, {"link", "https://x.test/a?t=1&u=2"}});
  ASSERT_TRUE(content.ok());
  EXPECT_NE(content->html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(content->html.find("<script>"), std::string::npos);
  EXPECT_NE(content->html.find("href=\"https://x.test/a?t=1&amp;u=2\""), std::string::npos);
  EXPECT_NE(content->text.find("Hello <script>alert(1)</script>,"), std::string::npos);
  EXPECT_NE(content->text.find("https://x.test/a?t=1&u=2"), std::string::npos);
  EXPECT_EQ(content->subject, "Activate your Acme & Co account");
}

TEST(MustacheComposer, AnEmptyValueIsFalseInASection) {
  auto composer = Make();
  auto without = composer->Compose("registration_attempt", "", {{"link", ""}});
  auto with = composer->Compose("registration_attempt", "", {{"link", "https://x.test/r"}});
  EXPECT_EQ(without->text.find("choose a new one"), std::string::npos);
  EXPECT_NE(with->text.find("choose a new one"), std::string::npos);
  EXPECT_NE(without->text.find("Hello,"), std::string::npos);  // no display name
}

TEST(MustacheComposer, ChoosesTheLocaleFromAcceptLanguageThenTheDefault) {
  TemplateDir dir;
  dir.WriteKind("de", "test", "Deutsch");
  dir.WriteKind("fr", "test", "Francais");
  dir.WriteKind("fr", "activation", "Francais");
  auto composer = Make({.templates_dir = dir.path(), .default_locale = "fr"});
  EXPECT_EQ(composer->LocaleFor("test", "de-CH, en;q=0.5"), "de");
  EXPECT_EQ(composer->LocaleFor("test", "en-US"), "en");
  EXPECT_EQ(composer->LocaleFor("test", "ja"), "fr");
  EXPECT_EQ(composer->LocaleFor("activation", "de"), "fr");  // de has no activation
  EXPECT_EQ(composer->LocaleFor("magic_link", "de"), "en");  // neither has magic_link
  auto content = composer->Compose("test", "de-AT;q=0.9, it", {{"link", "L"}});
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(content->subject, "Deutsch subject Portcullis");
  EXPECT_EQ(content->text, "Deutsch text L");
  EXPECT_EQ(content->html, "<p>Deutsch html L</p>");
}

TEST(MustacheComposer, AnEnglishOverrideReplacesTheBuiltIn) {
  TemplateDir dir;
  dir.WriteKind("en", "test", "Custom");
  auto composer = Make({.templates_dir = dir.path()});
  EXPECT_EQ(composer->Compose("test", "", {})->subject, "Custom subject Portcullis");
  EXPECT_NE(composer->Compose("activation", "", {})->subject.find("Activate"), std::string::npos);
}

TEST(MustacheComposer, ABrokenOverrideIsAStartErrorNamingItsFile) {
  {
    TemplateDir dir;
    dir.WriteKind("de", "test", "x");
    dir.Write("de/test.html", "<p>{{#link}}unclosed</p>");
    auto composer = MustacheComposer::Create({.templates_dir = dir.path()});
    ASSERT_FALSE(composer.ok());
    EXPECT_NE(composer.error().detail.find("de/test.html"), std::string::npos)
        << composer.error().detail;
  }
  {
    TemplateDir dir;
    dir.Write("de/test.txt", "only text");
    auto composer = MustacheComposer::Create({.templates_dir = dir.path()});
    ASSERT_FALSE(composer.ok());
    EXPECT_NE(composer.error().detail.find("de/test.subject is missing"), std::string::npos)
        << composer.error().detail;
  }
  {
    TemplateDir dir;
    dir.WriteKind("de", "welcome", "x");
    auto composer = MustacheComposer::Create({.templates_dir = dir.path()});
    ASSERT_FALSE(composer.ok());
    EXPECT_NE(composer.error().detail.find("unknown kind welcome"), std::string::npos);
  }
  EXPECT_FALSE(MustacheComposer::Create({.templates_dir = "/nonexistent/templates"}).ok());
}

}  // namespace
}  // namespace portcullis::mail
