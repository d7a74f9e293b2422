// Builds the Hasura claims object and checks the Hasura roles asked for at registration.
// Pure functions; thread-safe.
#include "core/hasura_claims.h"

#include <algorithm>

#include "core/hasura_json.h"

namespace portcullis::core {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// {"a","b"}: a PostgreSQL array literal, each element quoted with `"` and `\` escaped by a
// backslash (HBP's toPgArray quoted them as they were, so an element holding `","` became two).
std::string PostgresArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (const char c : items[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

// A metadata member's value as the claim's string (see HasuraClaimsJson).
std::string ClaimText(const std::string& raw) {
  if (auto text = ParseJsonString(raw)) return *text;
  if (auto items = ParseJsonStringArray(raw)) return PostgresArray(*items);
  return raw;
}

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::vector<std::string> DefaultAllowedRoles(const HasuraPolicy& policy) {
  if (!policy.default_allowed_user_roles.empty()) return policy.default_allowed_user_roles;
  return {policy.default_user_role};
}

std::vector<std::string> PermittedRoles(const HasuraPolicy& policy) {
  if (!policy.allowed_user_roles.empty()) return policy.allowed_user_roles;
  return DefaultAllowedRoles(policy);
}

std::string EffectiveDefaultRole(const HasuraPolicy& policy, const User& user) {
  return user.default_role.empty() ? policy.default_user_role : user.default_role;
}

std::vector<std::string> EffectiveAllowedRoles(const HasuraPolicy& policy, const User& user) {
  std::vector<std::string> roles =
      user.allowed_roles.empty() ? DefaultAllowedRoles(policy) : user.allowed_roles;
  const std::string default_role = EffectiveDefaultRole(policy, user);
  if (!Contains(roles, default_role)) roles.push_back(default_role);
  return roles;
}

std::string KebabCase(std::string_view name) {
  std::string out;
  bool word_open = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!IsLower(c) && !IsUpper(c) && !IsDigit(c)) {
      word_open = false;  // a separator: '_', '-', ' ', '.', ...
      continue;
    }
    const char prev = i > 0 ? name[i - 1] : '\0';
    const char next = i + 1 < name.size() ? name[i + 1] : '\0';
    // A new word starts at an upper-case letter after a lower-case one or a digit (companyId), at
    // the last capital of a run followed by lower case (XMLHttp → xml-http), and where letters
    // and digits meet (user2 → user-2).
    const bool boundary = word_open && ((IsUpper(c) && (IsLower(prev) || IsDigit(prev))) ||
                                        (IsUpper(c) && IsUpper(prev) && IsLower(next)) ||
                                        (IsDigit(c) != IsDigit(prev)));
    if (boundary || (!word_open && !out.empty())) out.push_back('-');
    out.push_back(IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c);
    word_open = true;
  }
  return out;
}

Status CheckCustomFieldsUnchanged(const HasuraPolicy& policy, std::string_view before,
                                  std::string_view after, bool registering) {
  if (policy.jwt_custom_fields.empty()) return Status::Ok();
  const auto old_members = JsonObjectMembers(before);
  const auto new_members = JsonObjectMembers(after);
  // The value each member has (the last of repeated ones, as HasuraClaimsJson reads it).
  const auto value_of = [](const auto& members, const std::string& name) -> std::string {
    std::string found;
    if (!members) return found;
    for (const auto& [member, value] : *members) {
      if (member == name) found = value;
    }
    return found;
  };
  for (const std::string& field : policy.jwt_custom_fields) {
    if (registering && Contains(policy.registration_custom_fields, field)) continue;
    if (value_of(old_members, field) != value_of(new_members, field)) {
      return MakeError(ErrorCode::kInvalidRequest,
                       "the metadata member " + field +
                           " becomes a token claim (jwt_custom_fields): only an instance admin "
                           "may set it");
    }
  }
  return Status::Ok();
}

std::string HasuraClaimsJson(const HasuraPolicy& policy, const User& user) {
  std::string out = "{\"x-hasura-user-id\":" + JsonQuote(user.id);
  out += ",\"x-hasura-default-role\":" + JsonQuote(EffectiveDefaultRole(policy, user));
  out += ",\"x-hasura-allowed-roles\":" + JsonStringArray(EffectiveAllowedRoles(policy, user));
  if (!policy.jwt_custom_fields.empty()) {
    const auto members = JsonObjectMembers(user.metadata_json);
    std::vector<std::string> written = {"x-hasura-user-id", "x-hasura-default-role",
                                        "x-hasura-allowed-roles"};
    for (const std::string& field : policy.jwt_custom_fields) {
      if (!members) break;
      const std::string claim = "x-hasura-" + KebabCase(field);
      if (Contains(written, claim)) continue;  // never overrides a claim already written
      // The last of repeated members wins, as JSON.parse (HBP's reader) decides.
      const std::string* raw = nullptr;
      for (const auto& [name, value] : *members) {
        if (name == field) raw = &value;
      }
      if (raw == nullptr) continue;
      written.push_back(claim);
      out += "," + JsonQuote(claim) + ":" + JsonQuote(ClaimText(*raw));
    }
  }
  out.push_back('}');
  return out;
}

Status ApplyRequestedRoles(const HasuraPolicy& policy,
                           const std::optional<std::string>& default_role,
                           const std::optional<std::vector<std::string>>& allowed_roles,
                           User& user) {
  if (!default_role && !allowed_roles) return Status::Ok();
  const std::string wanted_default = default_role.value_or(policy.default_user_role);
  std::vector<std::string> wanted_allowed;
  for (const std::string& role : allowed_roles.value_or(DefaultAllowedRoles(policy))) {
    if (!Contains(wanted_allowed, role)) wanted_allowed.push_back(role);
  }
  // HBP's order: the default role first, then the subset.
  if (!Contains(wanted_allowed, wanted_default)) {
    return MakeError(ErrorCode::kInvalidRequest, "default_role must be one of the allowed roles",
                     Field::kDefaultRole);
  }
  const std::vector<std::string> permitted = PermittedRoles(policy);
  for (const std::string& role : wanted_allowed) {
    if (!Contains(permitted, role)) {
      return MakeError(
          ErrorCode::kInvalidRequest,
          "allowed_roles must be a subset of the allowed user roles: '" + role + "' is not one",
          Field::kAllowedRoles);
    }
  }
  user.default_role = wanted_default;
  user.allowed_roles = std::move(wanted_allowed);
  return Status::Ok();
}

}  // namespace portcullis::core
