// The native dialect's JSON of API keys, personal tokens and the permission model: their views and
// the decoding of their request members (times, permission lists, grant subjects).
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/common/json_body.h"
#include "common/status.h"
#include "core/credential.h"
#include "core/credential_service.h"
#include "core/permission.h"
#include "core/permission_model_service.h"

namespace portcullis::api::native {

// A key or token as lists show it: id, name, prefix, last4, created_by, created_at, last_used_at,
// expires_at (RFC 3339 or null), and a token's company_id and permissions.
boost::json::object CredentialView(const core::Credential& credential);
// CredentialView plus the secret, shown this once (`key` for an API key, `token` for a token).
boost::json::object IssuedCredentialView(const core::IssuedCredential& issued);
boost::json::object PermissionView(const core::Permission& permission);
boost::json::object GrantView(const core::PermissionGrant& grant);
boost::json::object PermissionModelView(const core::PermissionModel& model);

// "2027-01-31T12:00:00Z" (an offset "+02:00" and fractions of a second are accepted) or an integer
// of Unix seconds; absent or null → 0. kInvalidRequest naming `member` otherwise.
Result<int64_t> DecodeTime(const JsonBody& body, std::string_view member);
// "2027-01-31T12:00:00Z" (an offset and fractions accepted) as Unix seconds; nullopt otherwise.
std::optional<int64_t> ParseRfc3339Time(std::string_view text);
// [{feature, scope, action}, ...]: required, strings only.
Result<std::vector<core::Permission>> DecodePermissions(const JsonBody& body,
                                                        std::string_view member);
// {type: "role"|"user"|"api_key"|"token", id}.
Result<core::GrantSubject> DecodeSubject(const JsonBody& body, std::string_view member);

}  // namespace portcullis::api::native
