// JSON views and request decoding of API keys, personal tokens and the permission model.
// Pure functions; thread-safe.
#include "api/native/credential_views.h"

#include <charconv>
#include <cstdint>
#include <optional>

#include "api/native/views.h"
#include "common/status_macros.h"

namespace portcullis::api::native {
namespace {

boost::json::value TimeOrNull(int64_t epoch_seconds) {
  if (epoch_seconds == 0) return nullptr;
  return boost::json::value(Rfc3339(epoch_seconds));
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The digits at text[at, at + count) as a number; nullopt when any is not a digit.
std::optional<int64_t> Digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int64_t value = 0;
  const char* first = text.data() + at;
  auto [end, ec] = std::from_chars(first, first + count, value);
  if (ec != std::errc() || end != first + count) return std::nullopt;
  return value;
}

// "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" as Unix seconds.
std::optional<int64_t> ParseRfc3339(std::string_view text) {
  auto year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
  auto hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text.size() < 20) return {};
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':') {
    return {};
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return {};
  }
  std::size_t at = 19;
  if (text[at] == '.') {
    ++at;
    const std::size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == start) return {};
  }
  int64_t offset = 0;
  const std::string_view zone = text.substr(at);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    auto oh = Digits(zone, 1, 2), om = Digits(zone, 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) return {};
    offset = (*oh * 3600 + *om * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return {};
  }
  return DaysFromCivil(*year, *month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second -
         offset;
}

Result<std::string> StringMember(const boost::json::object& object, std::string_view name,
                                 std::string_view path) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    return InvalidMember(path, std::string(path) + "." + std::string(name) + " must be a string");
  }
  return std::string(value->as_string());
}

}  // namespace

boost::json::object CredentialView(const core::Credential& credential) {
  boost::json::object out;
  out["id"] = credential.id;
  out["name"] = credential.name;
  out["prefix"] = credential.prefix;
  out["last4"] = credential.last4;
  out["created_by"] = credential.created_by.empty() ? boost::json::value(nullptr)
                                                    : boost::json::value(credential.created_by);
  out["created_at"] = Rfc3339(credential.created_at);
  out["last_used_at"] = TimeOrNull(credential.last_used_at);
  out["expires_at"] = TimeOrNull(credential.expires_at);
  if (credential.kind == core::CredentialKind::kPersonalToken) {
    out["company_id"] = credential.company_id;
    boost::json::array permissions;
    for (const auto& permission : credential.permissions) {
      permissions.push_back(PermissionView(permission));
    }
    out["permissions"] = std::move(permissions);
  }
  return out;
}

boost::json::object IssuedCredentialView(const core::IssuedCredential& issued) {
  boost::json::object out = CredentialView(issued.credential);
  out[issued.credential.kind == core::CredentialKind::kApiKey ? "key" : "token"] = issued.secret;
  return out;
}

boost::json::object PermissionView(const core::Permission& permission) {
  return {
      {"feature", permission.feature}, {"scope", permission.scope}, {"action", permission.action}};
}

boost::json::object GrantView(const core::PermissionGrant& grant) {
  boost::json::object out = PermissionView(grant.permission);
  out["id"] = grant.id;
  out["subject"] = boost::json::object{{"type", core::GrantSubjectTypeName(grant.subject.type)},
                                       {"id", grant.subject.id}};
  out["created_at"] = Rfc3339(grant.created_at);
  return out;
}

boost::json::object PermissionModelView(const core::PermissionModel& model) {
  const auto names = [](const std::vector<std::string>& list) {
    boost::json::array out;
    for (const auto& name : list) out.push_back(boost::json::value(name));
    return out;
  };
  boost::json::array grants;
  for (const auto& grant : model.grants) grants.push_back(GrantView(grant));
  return {{"verbs", names(model.verbs)},
          {"features", names(model.features)},
          {"scopes", names(model.scopes)},
          {"grants", std::move(grants)}};
}

std::optional<int64_t> ParseRfc3339Time(std::string_view text) { return ParseRfc3339(text); }

Result<int64_t> DecodeTime(const JsonBody& body, std::string_view member) {
  const boost::json::value* value = body.Find(member);
  if (value == nullptr || value->is_null()) return int64_t{0};
  if (value->is_int64() && value->as_int64() > 0) return value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= INT64_MAX) {
    return static_cast<int64_t>(value->as_uint64());
  }
  if (value->is_string()) {
    if (auto seconds = ParseRfc3339(value->as_string())) return *seconds;
  }
  return InvalidMember(member, std::string(member) +
                                   " must be an RFC 3339 time like 2027-01-31T12:00:00Z or Unix "
                                   "seconds");
}

Result<std::vector<core::Permission>> DecodePermissions(const JsonBody& body,
                                                        std::string_view member) {
  const boost::json::value* value = body.Find(member);
  if (value == nullptr || !value->is_array()) {
    return InvalidMember(member, std::string(member) + " must be a list of permissions");
  }
  std::vector<core::Permission> permissions;
  for (const auto& item : value->as_array()) {
    if (!item.is_object()) {
      return InvalidMember(member, std::string(member) + " must hold {feature, scope, action}");
    }
    const auto& object = item.as_object();
    if (object.size() != 3) {
      return InvalidMember(member, std::string(member) + " must hold {feature, scope, action}");
    }
    core::Permission permission;
    ASSIGN_OR_RETURN(permission.feature, StringMember(object, "feature", member));
    ASSIGN_OR_RETURN(permission.scope, StringMember(object, "scope", member));
    ASSIGN_OR_RETURN(permission.action, StringMember(object, "action", member));
    permissions.push_back(std::move(permission));
  }
  return permissions;
}

Result<core::GrantSubject> DecodeSubject(const JsonBody& body, std::string_view member) {
  const boost::json::value* value = body.Find(member);
  if (value == nullptr || !value->is_object() || value->as_object().size() != 2) {
    return InvalidMember(member, std::string(member) + " must be {type, id}");
  }
  const auto& object = value->as_object();
  ASSIGN_OR_RETURN(std::string type, StringMember(object, "type", member));
  core::GrantSubject subject;
  ASSIGN_OR_RETURN(subject.id, StringMember(object, "id", member));
  auto parsed = core::GrantSubjectTypeFromName(type);
  if (!parsed) {
    return InvalidMember(member,
                         std::string(member) + ".type must be role, user, api_key or token");
  }
  subject.type = *parsed;
  return subject;
}

}  // namespace portcullis::api::native
