// The native dialect's JSON views of companies, members and invites.
// Pure functions; thread-safe.
#include "api/native/company_views.h"

#include <string>

#include "api/native/views.h"

namespace portcullis::api::native {
namespace {

boost::json::value NullIfEmpty(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

}  // namespace

boost::json::object CompanyView(const core::CompanyOfUser& company) {
  boost::json::object out;
  out["id"] = company.company.id;
  out["name"] = company.company.name;
  out["role"] = core::CompanyRoleName(company.role);
  out["created_by"] = NullIfEmpty(company.company.created_by);
  out["created_at"] = Rfc3339(company.company.created_at);
  out["updated_at"] = Rfc3339(company.company.updated_at);
  return out;
}

boost::json::object MemberView(const core::Member& member) {
  boost::json::object out;
  out["user_id"] = member.membership.user_id;
  out["email"] = member.email;
  out["display_name"] = member.display_name;
  out["role"] = core::CompanyRoleName(member.membership.role);
  out["joined_at"] = Rfc3339(member.membership.created_at);
  out["updated_at"] = Rfc3339(member.membership.updated_at);
  return out;
}

boost::json::object MembershipView(const core::Membership& membership) {
  boost::json::object out;
  out["company_id"] = membership.company_id;
  out["user_id"] = membership.user_id;
  out["role"] = core::CompanyRoleName(membership.role);
  out["joined_at"] = Rfc3339(membership.created_at);
  out["updated_at"] = Rfc3339(membership.updated_at);
  return out;
}

boost::json::object InviteView(const core::CompanyInvite& invite) {
  boost::json::object out;
  out["id"] = invite.id;
  out["company_id"] = invite.company_id;
  out["email"] = invite.email;
  out["role"] = core::CompanyRoleName(invite.role);
  out["invited_by"] = NullIfEmpty(invite.invited_by);
  out["created_at"] = Rfc3339(invite.created_at);
  out["expires_at"] = Rfc3339(invite.expires_at);
  return out;
}

}  // namespace portcullis::api::native
