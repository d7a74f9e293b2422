// The native dialect's JSON views of companies, members and invites.
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>

#include "core/company.h"

namespace portcullis::api::native {

// {id, name, role (the caller's), created_by, created_at, updated_at}
boost::json::object CompanyView(const core::CompanyOfUser& company);
// {user_id, email, display_name, role, joined_at, updated_at}
boost::json::object MemberView(const core::Member& member);
// {company_id, user_id, role, joined_at, updated_at}
boost::json::object MembershipView(const core::Membership& membership);
// {id, company_id, email, role, invited_by, created_at, expires_at}; never the ticket or its hash.
boost::json::object InviteView(const core::CompanyInvite& invite);

}  // namespace portcullis::api::native
