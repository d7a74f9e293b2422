// The MACHHUB dialect (document 003): username/password login answering {success, tkn} and the
// permission check, with MACHHUB's plain-text 401s. Built once at start; handlers thread-safe.
#pragma once

#include "api/common/dialect.h"
#include "core/account_service.h"
#include "core/permission_model_service.h"
#include "core/rate_limiter.h"
#include "core/session_service.h"

namespace portcullis::api::machhub {

// The services the MACHHUB handlers use; must outlive the router.
struct MachhubContext {
  core::AccountService& accounts;
  core::SessionService& sessions;
  const core::PermissionModelService* permissions = nullptr;
  core::RateLimiter* limiter = nullptr;
};

// The route table; paths are relative to the mount prefix (default "/machhub").
Dialect MachhubDialect(MachhubContext& context);

}  // namespace portcullis::api::machhub
