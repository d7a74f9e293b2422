// Tests for EmlFileMailer: one complete .eml file per message, no temp file left, one log line
// without the message's link.
#include "mail/eml_file_mailer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace portcullis::mail {
namespace {

namespace fs = std::filesystem;

TEST(EmlFileMailer, WritesOneFilePerMessageAndLogsWithoutTheLink) {
  const fs::path dir = fs::temp_directory_path() / ("pc_eml_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::vector<std::string> lines;
  auto mailer = EmlFileMailer::Create({}, (dir / "mail").string(),
                                      [&](std::string_view line) { lines.emplace_back(line); });
  // The parent must exist: the data directory is made at start.
  ASSERT_FALSE(mailer.ok());
  fs::create_directories(dir);
  mailer = EmlFileMailer::Create({}, (dir / "mail").string(),
                                 [&](std::string_view line) { lines.emplace_back(line); });
  ASSERT_TRUE(mailer.ok()) << mailer.error().detail;
  EXPECT_EQ(fs::status(dir / "mail").permissions() & fs::perms::all, fs::perms::owner_all);

  core::OutgoingMail mail;
  mail.id = "3f1e2d3c-4b5a-4968-8776-655443322110";
  mail.to = "alice@example.com";
  mail.kind = "magic_link";
  mail.content = {"Sign in", "open https://x.test/m?token=SECRET\n", "<a href=\"x\">x</a>"};
  mail.created_at = 1'796'161'080;
  ASSERT_TRUE((*mailer)->Send(mail).ok());

  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir / "mail")) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename(), "20261201T213800Z-3f1e2d3c-4b5a-4968-8776-655443322110.eml");
  std::ifstream in(files[0]);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_NE(content.str().find("Message-ID: <3f1e2d3c-4b5a-4968-8776-655443322110@localhost>"),
            std::string::npos);
  EXPECT_NE(content.str().find("https://x.test/m?token=SECRET"), std::string::npos);

  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(files[0].string()), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("magic_link"), std::string::npos);
  EXPECT_NE(lines[0].find("alice@example.com"), std::string::npos);
  EXPECT_EQ(lines[0].find("SECRET"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace portcullis::mail
