// The Hasura settings (top-level keys, HBP's environment names as aliases), declared against
// core::HasuraPolicy, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include "common/options.h"
#include "core/hasura_claims.h"

namespace portcullis::core {

// hasura_claims, jwt_claims_namespace, default_user_role, default_allowed_user_roles,
// allowed_user_roles, jwt_custom_fields, registration_custom_fields.
options::Section<HasuraPolicy> HasuraSection();

}  // namespace portcullis::core
