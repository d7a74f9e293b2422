// AdminCaller: who acts through the admin surface — an instance admin's session (the admin API)
// or the operator's command line — and the audit event each of their actions leaves.
// Plain value type and pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "core/auth_types.h"
#include "core/authorizer.h"
#include "core/ports/store.h"
#include "core/security_event.h"

namespace portcullis::core {

// Bounds of a page of the admin API's lists.
inline constexpr int64_t kAdminPageDefault = 50;
inline constexpr int64_t kAdminPageMax = 200;

// The actor id of the command line in the audit log (actor_type "admin").
inline constexpr std::string_view kCommandLineActor = "cli";

struct AdminCaller {
  // The API's caller, checked by Authorizer::RequireInstanceAdmin on every call; null for the
  // command line, whose operator already holds the database.
  const Principal* principal = nullptr;
  ClientInfo client;

  static AdminCaller Api(const Principal& principal, ClientInfo client) {
    return AdminCaller{&principal, std::move(client)};
  }
  static AdminCaller CommandLine() { return AdminCaller{nullptr, {}}; }

  // The admin's own user id; empty for the command line.
  std::string_view user_id() const {
    return principal != nullptr ? std::string_view(principal->user_id) : std::string_view();
  }
};

// Inside the caller's Read or Write: ok for the command line and for an instance admin;
// kForbidden otherwise.
Status RequireAdmin(Repositories& repos, const Authorizer& authorizer, const AdminCaller& caller);

// An event of `type` acted by `caller` (actor_type "admin", actor_id its user id or "cli") on
// `target_type`/`target_id`.
SecurityEvent AdminEvent(std::string_view type, const AdminCaller& caller,
                         std::string_view target_type, std::string_view target_id);

// The event of an admin call refused by the Authorizer (outcome "failure"), acted by whoever
// called (a user, an API key, a personal token).
SecurityEvent RefusedAdminEvent(std::string_view type, const AdminCaller& caller);

}  // namespace portcullis::core
