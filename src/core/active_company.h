// The active company of a session: which membership its access tokens carry (`cid`, `role`).
// Pure functions over the caller's repositories (inside its Read or Write); thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "common/status.h"
#include "core/company.h"
#include "core/ports/store.h"

namespace portcullis::core {

// The membership a session of `user_id` works in: `preferred` (a session's stored choice) while
// the user is still a member of it, else the company the user used last (CompanyRepository::
// LastActive) while still a member, else the oldest membership, else none (the token then has no
// `cid` and role "member"). Read now, so a removed member falls back at once.
Result<std::optional<Membership>> ResolveActiveCompany(Repositories& repos,
                                                       std::string_view user_id,
                                                       std::string_view preferred);

}  // namespace portcullis::core
