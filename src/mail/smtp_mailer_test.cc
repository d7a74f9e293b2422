// Tests for SmtpMailer without a server: settings it refuses, and a server that is not there is a
// failure worth retrying (kUnavailable), not a permanent one.
#include "mail/smtp_mailer.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portcullis::mail {
namespace {

// A loopback port nothing listens on (bound, then closed).
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

core::OutgoingMail Mail() {
  core::OutgoingMail mail;
  mail.id = "3f1e2d3c-4b5a-4968-8776-655443322110";
  mail.to = "alice@example.com";
  mail.kind = "test";
  mail.content = {"s", "t", "h"};
  return mail;
}

TEST(SmtpMailer, RefusesUrlsThatAreNotSmtp) {
  EXPECT_FALSE(SmtpMailer::Create({.smtp_url = "http://127.0.0.1:25"}).ok());
  EXPECT_FALSE(SmtpMailer::Create({.smtp_url = "smtp://127.0.0.1:25", .mail_from = "x"}).ok());
}

TEST(SmtpMailer, NoServerIsWorthRetrying) {
  auto mailer = SmtpMailer::Create({.smtp_url = "smtp://127.0.0.1:" + std::to_string(ClosedPort()),
                                    .smtp_starttls = "off",
                                    .smtp_timeout = std::chrono::seconds(5),
                                    .smtp_connect_timeout = std::chrono::seconds(2)});
  ASSERT_TRUE(mailer.ok());
  const Status sent = (*mailer)->Send(Mail());
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable) << sent.error().detail;
  EXPECT_EQ(sent.error().detail.find("alice"), std::string::npos);
}

TEST(SmtpMailer, AfterShutdownNothingIsSent) {
  auto mailer = SmtpMailer::Create({.smtp_url = "smtp://127.0.0.1:1"});
  ASSERT_TRUE(mailer.ok());
  (*mailer)->Shutdown();
  EXPECT_EQ((*mailer)->Send(Mail()).error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::mail
