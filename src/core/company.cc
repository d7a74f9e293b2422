// Company role names.
// Pure functions; thread-safe.
#include "core/company.h"

#include <array>
#include <utility>

namespace portcullis::core {
namespace {

constexpr std::array<std::pair<CompanyRole, std::string_view>, 3> kNames{{
    {CompanyRole::kMember, "member"},
    {CompanyRole::kAdmin, "admin"},
    {CompanyRole::kOwner, "owner"},
}};

}  // namespace

std::string_view CompanyRoleName(CompanyRole role) {
  for (const auto& [r, name] : kNames) {
    if (r == role) return name;
  }
  return "member";
}

std::optional<CompanyRole> CompanyRoleFromName(std::string_view name) {
  for (const auto& [role, n] : kNames) {
    if (n == name) return role;
  }
  return std::nullopt;
}

}  // namespace portcullis::core
