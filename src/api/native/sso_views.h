// The JSON of a linked identity in /me/identities. Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>

#include "core/linked_identity.h"

namespace portcullis::api::native {

// id, provider, subject, email, created_at, last_login_at (null until its first login).
boost::json::object LinkedIdentityView(const core::LinkedIdentity& identity);

}  // namespace portcullis::api::native
