// The last-owner rule: a company always keeps at least one owner. Checked inside the Write that
// changes a membership, after CompanyRepository::Lock, so two concurrent demotions of the last two
// owners cannot both pass. Pure functions over the caller's repositories; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "core/company.h"
#include "core/ports/store.h"

namespace portcullis::core {

// Inside a Write, after repos.companies().Lock(company_id): Ok unless `member` is an owner and the
// company's only one (then kConflict, reason kLastOwner) — call it before a change that takes the
// owner role from `member` (a demotion, a removal, leaving).
Status KeepsAnOwner(Repositories& repos, const Membership& member);

}  // namespace portcullis::core
