// What deleting an account does to its companies: a company must not be left without an owner.
// For each company of which the account is the only owner: when it is the only member too, the
// company is deleted (with its invites, keys, tokens and grants); otherwise the oldest remaining
// admin — or, without admins, the oldest remaining member — becomes owner. Companies with another
// owner just lose the member. Pure functions over the caller's repositories; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "core/ports/store.h"

namespace portcullis::core {

// Inside the Write that deletes `user_id`, before the user row goes (each company is locked
// before its owners are counted, like every change of the owner role).
Status HandOverCompanies(Repositories& repos, std::string_view user_id, int64_t now);

}  // namespace portcullis::core
