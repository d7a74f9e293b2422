// The admin API's JSON views of accounts and companies: what an instance admin sees of them, never
// a password hash, a factor or any other secret. Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>

#include "core/admin_company_service.h"
#include "core/admin_user_service.h"

namespace portcullis::api::native {

// {id, email, username, display_name, instance_role, disabled, disabled_at, email_verified,
//  email_verified_at, active, mfa_enabled, created_at, updated_at, password_changed_at}
boost::json::object AdminUserView(const core::User& user);
// AdminUserView plus {companies: [{id, name, role}], active_sessions}
boost::json::object AdminUserDetailsView(const core::AdminUserDetails& details);
// {id, name, created_by, created_at, updated_at}
boost::json::object AdminCompanyView(const core::Company& company);
// AdminCompanyView plus {members: [MemberView]}
boost::json::object AdminCompanyDetailsView(const core::AdminCompanyDetails& details);

}  // namespace portcullis::api::native
