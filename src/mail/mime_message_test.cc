// Tests for the MIME builder and its encodings: headers, both parts, 7bit vs quoted-printable,
// RFC 2047 subjects, no header injection.
#include "mail/mime_message.h"

#include <gtest/gtest.h>

#include "mail/mime_encoding.h"

namespace portcullis::mail {
namespace {

core::OutgoingMail Mail() {
  core::OutgoingMail mail;
  mail.id = "0b9f5c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
  mail.to = "alice@example.com";
  mail.kind = "activation";
  mail.content = {"Activate your account", "Hello,\nopen https://x.test/a?ticket=abc&b=1\n",
                  "<p><a href=\"https://x.test/a?ticket=abc&amp;b=1\">go</a></p>"};
  mail.created_at = 1'796'161'080;  // Tue, 01 Dec 2026 21:38:00 +0000
  return mail;
}

MailAddress From() { return ParseMailAddress("Portcullis <no-reply@auth.example.com>").value(); }

TEST(MimeMessage, HasTheHeadersAndBothParts) {
  auto message = BuildMimeMessage(Mail(), From());
  ASSERT_TRUE(message.ok()) << message.error().detail;
  const std::string& m = *message;
  EXPECT_NE(m.find("Date: Tue, 01 Dec 2026 21:38:00 +0000\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("From: \"Portcullis\" <no-reply@auth.example.com>\r\n"), std::string::npos);
  EXPECT_NE(m.find("To: alice@example.com\r\n"), std::string::npos);
  EXPECT_NE(m.find("Subject: Activate your account\r\n"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <0b9f5c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f@auth.example.com>\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  const auto text = m.find(
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 7bit\r\n\r\n"
      "Hello,\r\nopen https://x.test/a?ticket=abc&b=1\r\n");
  const auto html = m.find("Content-Type: text/html; charset=utf-8");
  EXPECT_NE(text, std::string::npos) << m;
  EXPECT_NE(html, std::string::npos);
  EXPECT_LT(text, html);  // the preferred part last
  EXPECT_TRUE(m.ends_with("--=_portcullis_0b9f5c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f--\r\n"));
  // Every line ends with CRLF.
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] == '\n') {
      ASSERT_TRUE(i > 0 && m[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(MimeMessage, NonAsciiIsEncoded) {
  core::OutgoingMail mail = Mail();
  mail.content.subject = "Aktivieren Sie Ihr Konto, Jürgen";
  mail.content.text = "Grüße\n";
  auto message = BuildMimeMessage(mail, From());
  ASSERT_TRUE(message.ok());
  EXPECT_NE(message->find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(message->find("Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n"),
            std::string::npos)
      << *message;
}

TEST(MimeMessage, RefusesARecipientThatWouldInjectHeaders) {
  core::OutgoingMail mail = Mail();
  mail.to = "alice@example.com\r\nBcc: eve@example.com";
  EXPECT_EQ(BuildMimeMessage(mail, From()).error().code, ErrorCode::kInvalidRequest);
}

TEST(MimeEncoding, SubjectNewlinesCannotStartAHeader) {
  EXPECT_EQ(HeaderText("a\r\nBcc: x"), "a  Bcc: x");
}

TEST(MimeEncoding, EncodedWordsStayShortAndSplitOnCharacters) {
  const std::string long_text(40, 'a');
  const std::string subject = long_text + "éééééééééé";
  const std::string words = EncodedWords(subject);
  std::size_t start = 0;
  while (start < words.size()) {
    auto end = words.find("\r\n ", start);
    if (end == std::string::npos) end = words.size();
    EXPECT_LE(end - start, 75u);
    start = end + 3;
  }
  EXPECT_NE(words.find("\r\n "), std::string::npos);
}

TEST(MimeEncoding, QuotedPrintableKeepsLinesShort) {
  const std::string qp = QuotedPrintable(std::string(200, 'x') + "=\r\nend \r\n");
  std::size_t line = 0;
  for (char c : qp) {
    line = c == '\n' ? 0 : line + 1;
    EXPECT_LE(line, 77u);
  }
  EXPECT_NE(qp.find("=3D\r\nend=20\r\n"), std::string::npos) << qp;
}

TEST(MailAddress, ParsesNamesAndRefusesJunk) {
  auto a = ParseMailAddress("Portcullis <no-reply@localhost>");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->display_name, "Portcullis");
  EXPECT_EQ(a->address, "no-reply@localhost");
  EXPECT_EQ(a->domain, "localhost");
  EXPECT_EQ(ParseMailAddress("\"A B\" <a@b.c>")->display_name, "A B");
  EXPECT_EQ(ParseMailAddress("a@b.c")->display_name, "");
  EXPECT_FALSE(ParseMailAddress("no address").ok());
  EXPECT_FALSE(ParseMailAddress("A <a@b.c").ok());
  EXPECT_FALSE(ParseMailAddress("a@b@c").ok());
  EXPECT_FALSE(ParseMailAddress("A\r\nBcc: x <a@b.c>").ok());
}

}  // namespace
}  // namespace portcullis::mail
