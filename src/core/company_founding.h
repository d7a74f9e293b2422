// Founding a company: the one way a company comes to exist (POST /v1/companies, a registration,
// `portcullis user create`): its record and its creator as owner, in the caller's Write.
// Pure functions over the caller's repositories; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/random.h"
#include "common/status.h"
#include "core/company.h"
#include "core/ports/store.h"
#include "core/user.h"

namespace portcullis::core {

// Longest company name accepted, in bytes of UTF-8.
inline constexpr std::size_t kMaxCompanyNameBytes = 200;

// kInvalidRequest unless `name` is 1 to kMaxCompanyNameBytes bytes with no control character and
// not only spaces.
Status ValidateCompanyName(std::string_view name);

// The name of the company a registration makes: the account's display name, else its address.
std::string SignupCompanyName(const User& user);

// Inside a Write: creates the company `name` with `owner_id` as its owner and makes it the owner's
// last active company when `make_active`.
Result<CompanyOfUser> FoundCompany(Repositories& repos, Random& random, std::string_view name,
                                   std::string_view owner_id, int64_t now, bool make_active);

}  // namespace portcullis::core
