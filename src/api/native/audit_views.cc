// The audit log's JSON views, cursors and query decoding.
// Pure functions; thread-safe.
#include "api/native/audit_views.h"

#include <charconv>
#include <optional>

#include "api/native/admin_paging.h"
#include "api/native/credential_views.h"
#include "api/native/views.h"
#include "common/status_macros.h"
#include "http/query.h"

namespace portcullis::api::native {
namespace {

constexpr std::string_view kCursorPrefix = "ev1.";

boost::json::value TextOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return boost::json::value(text);
}

Error BadParam(std::string_view name, std::string detail) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(detail), std::string(name));
}

std::optional<int64_t> PositiveNumber(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

Result<int64_t> DecodeTimeParam(std::string_view name, std::string_view text) {
  if (auto seconds = PositiveNumber(text)) return *seconds;
  if (auto seconds = ParseRfc3339Time(text)) return *seconds;
  return BadParam(name, std::string(name) +
                            " must be an RFC 3339 time like 2027-01-31T12:00:00Z or Unix seconds");
}

}  // namespace

boost::json::object SecurityEventView(const core::SecurityEvent& event) {
  boost::json::object out;
  out["id"] = event.id;
  out["type"] = event.type;
  out["at"] = Rfc3339(event.at);
  out["actor"] =
      boost::json::object{{"type", event.actor_type}, {"id", TextOrNull(event.actor_id)}};
  out["user_id"] = TextOrNull(event.user_id);
  out["company_id"] = TextOrNull(event.company_id);
  if (event.target_type.empty()) {
    out["target"] = nullptr;
  } else {
    out["target"] =
        boost::json::object{{"type", event.target_type}, {"id", TextOrNull(event.target_id)}};
  }
  out["outcome"] = event.outcome;
  out["ip"] = TextOrNull(event.ip);
  out["user_agent"] = TextOrNull(event.user_agent);
  out["detail"] = TextOrNull(event.detail);
  return out;
}

boost::json::object AuditPageView(const core::AuditPage& page) {
  boost::json::array items;
  for (const core::SecurityEvent& event : page.items) items.push_back(SecurityEventView(event));
  boost::json::value next = nullptr;
  if (page.next_before_seq > 0) next = EncodeAuditCursor(page.next_before_seq);
  return boost::json::object{{"items", std::move(items)}, {"next_cursor", std::move(next)}};
}

std::string EncodeAuditCursor(int64_t seq) {
  char digits[17];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), seq, 16);
  (void)ec;  // 16 hex digits always hold an int64_t
  return std::string(kCursorPrefix) + std::string(digits, end);
}

std::optional<int64_t> DecodeAuditCursor(std::string_view cursor) {
  if (!cursor.starts_with(kCursorPrefix)) return std::nullopt;
  cursor.remove_prefix(kCursorPrefix.size());
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), seq, 16);
  if (cursor.empty() || ec != std::errc() || end != cursor.data() + cursor.size() || seq <= 0) {
    return std::nullopt;
  }
  return seq;
}

Result<core::SecurityEventQuery> DecodeAuditQuery(std::string_view raw_query) {
  ASSIGN_OR_RETURN(http::QueryParams params, http::ParseQuery(raw_query));
  core::SecurityEventQuery query;
  if (auto since = http::FindParam(params, "since")) {
    ASSIGN_OR_RETURN(query.since, DecodeTimeParam("since", *since));
  }
  if (auto until = http::FindParam(params, "until")) {
    ASSIGN_OR_RETURN(query.until, DecodeTimeParam("until", *until));
  }
  query.type = std::string(http::FindParam(params, "type").value_or(""));
  query.actor_id = std::string(http::FindParam(params, "actor").value_or(""));
  if (auto cursor = http::FindParam(params, "cursor"); cursor && !cursor->empty()) {
    auto seq = DecodeAuditCursor(*cursor);
    if (!seq) return BadParam("cursor", "cursor is not one this server gave");
    query.before_seq = *seq;
  }
  ASSIGN_OR_RETURN(query.limit, DecodePageLimit(params));
  return query;
}

}  // namespace portcullis::api::native
