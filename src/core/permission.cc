// Permission model names.
// Pure functions; thread-safe.
#include "core/permission.h"

#include <array>
#include <utility>

namespace portcullis::core {
namespace {

constexpr std::array<std::pair<GrantSubjectType, std::string_view>, 5> kSubjectTypes{{
    {GrantSubjectType::kRole, "role"},
    {GrantSubjectType::kUser, "user"},
    {GrantSubjectType::kApiKey, "api_key"},
    {GrantSubjectType::kToken, "token"},
    {GrantSubjectType::kClient, "client"},
}};

}  // namespace

std::string_view GrantSubjectTypeName(GrantSubjectType type) {
  for (const auto& [t, name] : kSubjectTypes) {
    if (t == type) return name;
  }
  return "role";
}

std::optional<GrantSubjectType> GrantSubjectTypeFromName(std::string_view name) {
  for (const auto& [type, n] : kSubjectTypes) {
    if (n == name) return type;
  }
  return std::nullopt;
}

std::string_view PermissionNameKindName(PermissionNameKind kind) {
  switch (kind) {
    case PermissionNameKind::kVerb:
      return "verb";
    case PermissionNameKind::kFeature:
      return "feature";
    case PermissionNameKind::kScope:
      return "scope";
  }
  return "verb";
}

}  // namespace portcullis::core
