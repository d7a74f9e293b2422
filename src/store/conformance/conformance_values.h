// Values and assertions shared by the store conformance files: canonical rows, comparisons and
// status macros. Header-only; pure functions.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/company.h"
#include "core/credential.h"
#include "core/mail.h"
#include "core/mfa.h"
#include "core/one_time_ticket.h"
#include "core/permission.h"
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

// Company `id` named "Company <id>", created by `created_by` (empty: nobody) at kNow.
inline core::Company MakeCompany(const std::string& id, const std::string& created_by = "") {
  core::Company company;
  company.id = id;
  company.name = "Company " + id;
  company.created_by = created_by;
  company.created_at = kNow;
  company.updated_at = kNow;
  return company;
}

// `user_id`'s membership of `company_id` with `role`, joined at `joined_at`.
inline core::Membership MakeMembership(const std::string& company_id, const std::string& user_id,
                                       core::CompanyRole role, int64_t joined_at = kNow) {
  core::Membership membership;
  membership.company_id = company_id;
  membership.user_id = user_id;
  membership.role = role;
  membership.created_at = joined_at;
  membership.updated_at = joined_at;
  return membership;
}

// Invite `id` of `company_id` to `email` as admin, by nobody, whose ticket hashes to "h-<id>",
// created at `created_at` for a day.
inline core::CompanyInvite MakeInvite(const std::string& id, const std::string& company_id,
                                      const std::string& email, int64_t created_at = kNow) {
  core::CompanyInvite invite;
  invite.id = id;
  invite.company_id = company_id;
  invite.email = email;
  invite.role = core::CompanyRole::kAdmin;
  invite.token_hash = "h-" + id;
  invite.created_at = created_at;
  invite.expires_at = created_at + 86400;
  return invite;
}

// API key `id` of `company_id` whose secret hashes to "h-<id>", created at `created_at`.
inline core::Credential MakeApiKey(const std::string& id, const std::string& company_id,
                                   int64_t created_at = kNow) {
  core::Credential key;
  key.id = id;
  key.kind = core::CredentialKind::kApiKey;
  key.company_id = company_id;
  key.name = "key " + id;
  key.prefix = "hbx_";
  key.last4 = "a1B2";
  key.secret_hash = "h-" + id;
  key.created_at = created_at;
  key.expires_at = created_at + 86400;
  return key;
}

// Personal token `id` of `user_id` in `company_id` with two permissions, created at `created_at`.
inline core::Credential MakeToken(const std::string& id, const std::string& company_id,
                                  const std::string& user_id, int64_t created_at = kNow) {
  core::Credential token = MakeApiKey(id, company_id, created_at);
  token.kind = core::CredentialKind::kPersonalToken;
  token.user_id = user_id;
  token.created_by = user_id;
  token.prefix = "pat_";
  token.permissions = {{"users", "own", "read"}, {"products", "all", "export"}};
  return token;
}

// Grant `id` of `action` on `feature` within `scope` to `subject` in `company_id`.
inline core::PermissionGrant MakeGrant(const std::string& id, const std::string& company_id,
                                       core::GrantSubject subject, const std::string& feature,
                                       const std::string& scope, const std::string& action,
                                       int64_t created_at = kNow) {
  core::PermissionGrant grant;
  grant.id = id;
  grant.company_id = company_id;
  grant.subject = std::move(subject);
  grant.permission = {feature, scope, action};
  grant.created_at = created_at;
  return grant;
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
  EXPECT_EQ(a.disabled_at, b.disabled_at);
  EXPECT_EQ(a.default_role, b.default_role);
  EXPECT_EQ(a.allowed_roles, b.allowed_roles);
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
  EXPECT_EQ(a.company_id, b.company_id);
}

inline void ExpectSameCredential(const core::Credential& a, const core::Credential& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.company_id, b.company_id);
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.prefix, b.prefix);
  EXPECT_EQ(a.last4, b.last4);
  EXPECT_EQ(a.secret_hash, b.secret_hash);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.last_used_at, b.last_used_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.permissions, b.permissions);
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
