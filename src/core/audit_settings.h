// Declaration of the audit log's setting (audit_retention_days, top level).
// Pure functions; thread-safe.
#pragma once

#include "common/options.h"
#include "core/audit_retention.h"

namespace portcullis::core {

options::Section<AuditRetentionOptions> AuditRetentionSection();

}  // namespace portcullis::core
