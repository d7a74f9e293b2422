// The audit log's JSON: an event as the audit lists show it, the opaque cursor of a page, and the
// query parameters of a list (since, until, type, actor, cursor, limit). Pure functions;
// thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "core/audit_log_reader.h"
#include "core/security_event.h"

namespace portcullis::api::native {

// {id, type, at (RFC 3339), actor {type, id}, user_id, company_id, target {type, id} | null,
//  outcome, ip, user_agent, detail}; an empty id or text is null.
boost::json::object SecurityEventView(const core::SecurityEvent& event);
// {"items": [...], "next_cursor": "<opaque>" | null}.
boost::json::object AuditPageView(const core::AuditPage& page);

// The cursor of the page after the event with sequence number `seq`, and back; nullopt for text
// that is no cursor.
std::string EncodeAuditCursor(int64_t seq);
std::optional<int64_t> DecodeAuditCursor(std::string_view cursor);

// The filters and page of a list from a raw query string: since / until (RFC 3339, or Unix
// seconds), type, actor (an actor id), cursor, limit (1..200, default 50). kInvalidRequest naming
// the parameter for a value that does not parse.
Result<core::SecurityEventQuery> DecodeAuditQuery(std::string_view raw_query);

}  // namespace portcullis::api::native
