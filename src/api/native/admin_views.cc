// The admin API's JSON views of accounts and companies.
// Pure functions; thread-safe.
#include "api/native/admin_views.h"

#include <cstdint>
#include <string>

#include "api/native/company_views.h"
#include "api/native/views.h"

namespace portcullis::api::native {
namespace {

boost::json::value TimeOrNull(int64_t at) {
  return at == 0 ? boost::json::value(nullptr) : boost::json::value(Rfc3339(at));
}

boost::json::value NullIfEmpty(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

}  // namespace

boost::json::object AdminUserView(const core::User& user) {
  boost::json::object out;
  out["id"] = user.id;
  out["email"] = user.email;
  out["username"] =
      user.username ? boost::json::value(*user.username) : boost::json::value(nullptr);
  out["display_name"] = user.display_name;
  out["instance_role"] = user.instance_role;
  out["disabled"] = user.disabled_at != 0;
  out["disabled_at"] = TimeOrNull(user.disabled_at);
  out["email_verified"] = user.email_verified_at != 0;
  out["email_verified_at"] = TimeOrNull(user.email_verified_at);
  out["active"] = user.active;
  out["mfa_enabled"] = user.mfa_enabled;
  out["created_at"] = Rfc3339(user.created_at);
  out["updated_at"] = Rfc3339(user.updated_at);
  out["password_changed_at"] = TimeOrNull(user.password_changed_at);
  return out;
}

boost::json::object AdminUserDetailsView(const core::AdminUserDetails& details) {
  boost::json::object out = AdminUserView(details.user);
  boost::json::array companies;
  for (const auto& company : details.companies) {
    companies.push_back(boost::json::object{{"id", company.company.id},
                                            {"name", company.company.name},
                                            {"role", core::CompanyRoleName(company.role)}});
  }
  out["companies"] = std::move(companies);
  out["active_sessions"] = details.active_sessions;
  return out;
}

boost::json::object AdminCompanyView(const core::Company& company) {
  boost::json::object out;
  out["id"] = company.id;
  out["name"] = company.name;
  out["created_by"] = NullIfEmpty(company.created_by);
  out["created_at"] = Rfc3339(company.created_at);
  out["updated_at"] = Rfc3339(company.updated_at);
  return out;
}

boost::json::object AdminCompanyDetailsView(const core::AdminCompanyDetails& details) {
  boost::json::object out = AdminCompanyView(details.company);
  boost::json::array members;
  for (const auto& member : details.members) members.push_back(MemberView(member));
  out["members"] = std::move(members);
  return out;
}

}  // namespace portcullis::api::native
