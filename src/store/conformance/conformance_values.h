// Values and assertions shared by the store conformance files: canonical rows, comparisons and
// status macros. Header-only; pure functions.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/mail.h"
#include "core/mfa.h"
#include "core/one_time_ticket.h"
#include "core/session.h"
#include "core/user.h"

namespace portcullis::store::conformance {

inline constexpr int64_t kNow = 1'700'000'000;

inline core::User MakeUser(const std::string& n) {
  core::User user;
  user.id = "user-" + n;
  user.email = n + "@example.com";
  user.username = "name" + n;
  user.display_name = "User " + n;
  user.metadata_json = R"({"n":")" + n + R"("})";
  user.instance_role = "user";
  user.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + n;
  user.created_at = kNow;
  user.updated_at = kNow;
  user.password_changed_at = kNow;
  return user;
}

inline core::Session MakeSession(const std::string& id, const std::string& user_id,
                                 int64_t created_at, int64_t expires_at) {
  core::Session session;
  session.id = id;
  session.user_id = user_id;
  session.created_at = created_at;
  session.last_refreshed_at = created_at;
  session.expires_at = expires_at;
  session.auth_time = created_at;
  session.amr = "pwd,otp";
  session.user_agent = "agent/1.0";
  session.ip = "192.0.2.1";
  session.refresh_key = "v1.k1.sealed-key-of-" + id;
  session.refresh_hash = "h-" + id;
  return session;
}

// A rotation of a session's refresh token from `from_counter`, to a token whose digest is
// `next_hash`, at `now`, living until `expires_at`.
inline core::RefreshRotation MakeRotation(int64_t from_counter, const std::string& next_hash,
                                          int64_t now, int64_t expires_at) {
  core::RefreshRotation rotation;
  rotation.from_counter = from_counter;
  rotation.next_hash = next_hash;
  rotation.now = now;
  rotation.expires_at = expires_at;
  return rotation;
}

// An unused MFA login ticket of `user_id` whose hash is `hash`, issued at kNow for 300 s.
inline core::MfaTicket MakeTicket(const std::string& hash, const std::string& user_id) {
  core::MfaTicket ticket;
  ticket.hash = hash;
  ticket.user_id = user_id;
  ticket.created_at = kNow;
  ticket.expires_at = kNow + 300;
  return ticket;
}

// A one-time ticket of `kind` whose hash is `hash`, for `user_id` (empty: none) at `email`, issued
// at kNow for an hour.
inline core::OneTimeTicket MakeOneTimeTicket(const std::string& hash, core::TicketKind kind,
                                             const std::string& user_id, const std::string& email) {
  core::OneTimeTicket ticket;
  ticket.token_hash = hash;
  ticket.kind = kind;
  ticket.user_id = user_id;
  ticket.email = email;
  ticket.payload_json = R"({"redirect_to":"https://app.example.com/welcome?x=1&y=\u00e9"})";
  ticket.created_at = kNow;
  ticket.expires_at = kNow + 3600;
  return ticket;
}

// An outbox message `id`, created at kNow and due at `due`, never tried.
inline core::OutboxMessage MakeMail(const std::string& id, int64_t due) {
  core::OutboxMessage message;
  message.id = id;
  message.kind = "activation";
  message.recipient = "to-" + id + "@example.com";
  message.sealed_content = "v1.k1.sealed-" + id + "_-AZaz09";
  message.created_at = kNow;
  message.next_attempt_at = due;
  return message;
}

inline void ExpectSameUser(const core::User& a, const core::User& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.username, b.username);
  EXPECT_EQ(a.display_name, b.display_name);
  EXPECT_EQ(a.metadata_json, b.metadata_json);
  EXPECT_EQ(a.instance_role, b.instance_role);
  EXPECT_EQ(a.password_hash, b.password_hash);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.password_changed_at, b.password_changed_at);
  EXPECT_EQ(a.active, b.active);
  EXPECT_EQ(a.email_verified_at, b.email_verified_at);
}

inline void ExpectSameSession(const core::Session& a, const core::Session& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.last_refreshed_at, b.last_refreshed_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.revoked_at, b.revoked_at);
  EXPECT_EQ(a.auth_time, b.auth_time);
  EXPECT_EQ(a.amr, b.amr);
  EXPECT_EQ(a.user_agent, b.user_agent);
  EXPECT_EQ(a.ip, b.ip);
  EXPECT_EQ(a.step_up_at, b.step_up_at);
  EXPECT_EQ(a.refresh_key, b.refresh_key);
  EXPECT_EQ(a.refresh_counter, b.refresh_counter);
  EXPECT_EQ(a.rotated_at, b.rotated_at);
  EXPECT_EQ(a.refresh_hash, b.refresh_hash);
  EXPECT_EQ(a.previous_hash, b.previous_hash);
}

#define ASSERT_OK(expr)                                                                      \
  do {                                                                                       \
    const auto& status_ = (expr);                                                            \
    ASSERT_TRUE(status_.ok()) << #expr << ": " << ErrorCodeName(status_.error().code) << " " \
                              << status_.error().detail;                                     \
  } while (false)

#define EXPECT_ERROR(expr, want_code, want_detail)         \
  do {                                                     \
    const auto& status_ = (expr);                          \
    ASSERT_FALSE(status_.ok()) << #expr;                   \
    EXPECT_EQ(status_.error().code, (want_code)) << #expr; \
    EXPECT_EQ(status_.error().detail, (want_detail));      \
  } while (false)

template <class Row>
std::vector<std::string> Ids(const std::vector<Row>& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row.id);
  return ids;
}

// A conflict on a taken email or username names the field, typed.
#define EXPECT_TAKEN(expr, want_field)                          \
  do {                                                          \
    const auto& status_ = (expr);                               \
    ASSERT_FALSE(status_.ok()) << #expr;                        \
    EXPECT_EQ(status_.error().code, ErrorCode::kConflict);      \
    EXPECT_EQ(status_.error().field, (want_field)) << #expr;    \
    EXPECT_EQ(status_.error().reason, Reason::kTaken) << #expr; \
  } while (false)

}  // namespace portcullis::store::conformance
