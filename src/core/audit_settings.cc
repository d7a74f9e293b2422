// Declaration of the audit log's setting: name, bounds and help.
// Pure functions; thread-safe.
#include "core/audit_settings.h"

namespace portcullis::core {

options::Section<AuditRetentionOptions> AuditRetentionSection() {
  options::Section<AuditRetentionOptions> s("", "Audit log");
  s.Add("audit_retention_days", &AuditRetentionOptions::retention_days,
        "days the audit log keeps an event (purged every ticket_purge_interval); 0 keeps events "
        "forever")
      .Between(int64_t{0}, int64_t{36500});
  return s;
}

}  // namespace portcullis::core
