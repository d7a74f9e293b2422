// The MACHHUB dialect (document 003): username/password login answering {success, tkn} and the
// permission check, with MACHHUB's plain-text errors. Built once at start; handlers thread-safe.
#pragma once

#include "api/common/dialect.h"
#include "core/account_service.h"
#include "core/permission_model_service.h"

namespace portcullis::api::machhub {

// The services the MACHHUB handlers use; must outlive the router.
struct MachhubContext {
  // Login: the same AccountService::LoginAsync as the native login (limits, lockout, MFA, audit).
  core::AccountService& accounts;
  // The permission check (GET /auth/permission/...); null leaves that route out.
  const core::PermissionModelService* permissions = nullptr;
};

// The route table; paths are relative to the mount prefix (default "/machhub"; "" for the root
// alias).
Dialect MachhubDialect(MachhubContext& context);

}  // namespace portcullis::api::machhub
