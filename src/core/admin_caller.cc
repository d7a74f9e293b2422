// The admin surface's caller: its authorization and the audit events it leaves.
// Pure functions over the caller's repositories; thread-safe.
#include "core/admin_caller.h"

#include "core/audit_trail.h"

namespace portcullis::core {

Status RequireAdmin(Repositories& repos, const Authorizer& authorizer, const AdminCaller& caller) {
  if (caller.principal == nullptr) return Status::Ok();
  return authorizer.RequireInstanceAdmin(repos, *caller.principal);
}

SecurityEvent AdminEvent(std::string_view type, const AdminCaller& caller,
                         std::string_view target_type, std::string_view target_id) {
  SecurityEvent event = AnonymousAuditEvent(type, caller.client);
  event.actor_type = "admin";
  event.actor_id =
      caller.principal != nullptr ? caller.principal->user_id : std::string(kCommandLineActor);
  event.target_type = std::string(target_type);
  event.target_id = std::string(target_id);
  return event;
}

SecurityEvent RefusedAdminEvent(std::string_view type, const AdminCaller& caller) {
  SecurityEvent event = caller.principal != nullptr
                            ? AuditEvent(type, *caller.principal, caller.client)
                            : AnonymousAuditEvent(type, caller.client);
  event.outcome = "failure";
  event.detail = "not an instance admin";
  return event;
}

}  // namespace portcullis::core
