// Values that flow in and out of the authentication services: policy, client facts, issued tokens,
// login outcomes and the authenticated principal. Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/company.h"
#include "core/hasura_claims.h"
#include "core/permission.h"
#include "core/session.h"
#include "core/user.h"

namespace portcullis::core {

// The largest `token_leeway` the setting accepts: a token may be taken for live until this long
// after its exp.
inline constexpr int64_t kMaxTokenLeeway = 300;

struct AuthPolicy {
  std::string issuer = "portcullis";
  int64_t access_ttl = 900;             // seconds
  int64_t refresh_ttl = 30 * 86400;     // seconds, renewed on every rotation
  int64_t refresh_reuse_grace = 10;     // seconds in which a replay of the previous token is a race
  int64_t token_leeway = 30;            // clock skew tolerated when checking access tokens
  int64_t max_sessions_per_user = 100;  // live sessions; opening one more revokes the oldest
  int64_t password_min_score = 0;       // zxcvbn score (0-4) a new password needs; 0 = off
  // The Hasura claims of access tokens and the roles registrations may ask for (its own settings
  // section; `enabled` is resolved at start from hasura_claims and the HBP dialect).
  HasuraPolicy hasura;
};

// What we know of the caller's device, recorded on the session.
struct ClientInfo {
  std::string ip;
  std::string user_agent;
  std::string locale;  // the request's Accept-Language, for mail (empty: the default locale)
  // The API dialect a login came through when it is not the native API ("machhub", ...): the
  // audit log's login and login_failed events say " via=<it>" in their detail.
  std::string via;
};

struct IssuedTokens {
  std::string access_token;
  int64_t access_expires_in = 0;
  std::string refresh_token;  // plaintext; shown once
  int64_t refresh_expires_in = 0;
  User user;
  Session session;
  // The user's membership in the session's active company (the token's `cid` and `role`); none
  // when the user is in no company.
  std::optional<Membership> company;
};

// The first step of a login whose account has MFA enabled: the ticket for the second step
// (plaintext, shown once; a secret for this caller only).
struct MfaChallenge {
  std::string ticket;
  int64_t expires_in = 0;  // seconds
};

// A login either opens a session or asks for the second factor.
using LoginOutcome = std::variant<IssuedTokens, MfaChallenge>;

// How the caller proved who it is.
enum class PrincipalKind {
  kSession,        // an access token of a live session: a user, in the token's company
  kApiKey,         // a company API key: the company with role admin and no user
  kPersonalToken,  // a personal access token: its user in its company, limited to its permissions
};

// Who is calling, as proven by a verified access token of a live session, an API key or a
// personal access token.
struct Principal {
  PrincipalKind kind = PrincipalKind::kSession;
  std::string user_id;     // empty for an API key
  std::string session_id;  // a session's; empty for a key or a personal token
  std::string company_id;  // the active company (the token's cid, the credential's); empty: none
  // The company role the credential states (an access token's `role` claim; "admin" for a key).
  // A claim may be stale: the Authorizer reads the membership from the store.
  std::string role;
  int64_t auth_time = 0;  // the later of the session's login and its last step-up
  std::vector<std::string> amr;
  std::string credential_id;                  // an API key's or personal token's id
  std::string credential_name;                // ... and its name
  std::vector<Permission> token_permissions;  // a personal token's subset of its user's rights
};

struct Registration {
  std::string email;
  std::string password;
  std::optional<std::string> username;
  std::string display_name;
  std::string metadata_json = "{}";
  std::string instance_role = "user";  // "admin" only from the operator's `user create`
  // An invite ticket (POST /v1/companies/{id}/invites): the account joins the inviting company,
  // active and verified, instead of getting a company of its own.
  std::optional<std::string> invite;
  // Hasura roles asked for at sign-up (HBP's register_options); each may only narrow what
  // ALLOWED_USER_ROLES permits (kInvalidRequest otherwise). Absent: the instance's defaults.
  std::optional<std::string> default_role;
  std::optional<std::vector<std::string>> allowed_roles;
};

struct Credentials {
  std::string email;  // one of email and username is set
  std::string username;
  std::string password;
  std::optional<std::string> second_factor;  // totp_code: a TOTP or recovery code
};

// A partial profile update: members that are absent stay as they are.
struct ProfilePatch {
  std::optional<std::optional<std::string>> username;  // set to nullopt inside to clear it
  std::optional<std::string> display_name;
  std::optional<std::string> metadata_json;
};

}  // namespace portcullis::core
