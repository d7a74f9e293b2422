// The admin API's list pages: cursor and limit decoding, the page's JSON shape.
// Pure functions; thread-safe.
#include "api/native/admin_paging.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "common/hex.h"
#include "common/status_macros.h"
#include "core/admin_caller.h"

namespace portcullis::api::native {
namespace {

constexpr std::size_t kMaxCursorChars = 256;  // ids are UUIDs: 72 hex digits

Result<std::string> DecodeCursor(std::string_view cursor) {
  const Error bad = MakeError(ErrorCode::kInvalidRequest, "the cursor is not one this API gave",
                              std::string("cursor"));
  if (cursor.size() > kMaxCursorChars) return bad;
  // EncodeCursor writes lower-case digits only.
  if (std::any_of(cursor.begin(), cursor.end(), [](char c) { return c >= 'A' && c <= 'F'; })) {
    return bad;
  }
  std::optional<std::string> out = HexDecode(cursor);
  if (!out) return bad;
  // An id is lower-case letters, digits and '-'.
  const auto id_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  };
  if (!std::all_of(out->begin(), out->end(), id_char)) return bad;
  return *std::move(out);
}

}  // namespace

Result<int64_t> DecodePageLimit(const http::QueryParams& params) {
  const auto text = http::FindParam(params, "limit");
  if (!text) return core::kAdminPageDefault;
  const Error bad = MakeError(ErrorCode::kInvalidRequest,
                              "limit must be a whole number from 1 to 200", std::string("limit"));
  int64_t limit = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || end != text->data() + text->size()) return bad;
  if (limit < 1 || limit > core::kAdminPageMax) return bad;
  return limit;
}

Result<PageRequest> DecodePageRequest(const http::QueryParams& params) {
  PageRequest page;
  ASSIGN_OR_RETURN(page.limit, DecodePageLimit(params));
  if (auto cursor = http::FindParam(params, "cursor"); cursor && !cursor->empty()) {
    auto decoded = DecodeCursor(*cursor);
    if (!decoded) return decoded.error();
    page.after_id = std::move(decoded).value();
  }
  return page;
}

std::string EncodeCursor(std::string_view last_id) { return HexEncode(last_id); }

boost::json::object PageView(boost::json::array items, std::string_view next_after_id) {
  boost::json::object out;
  out["items"] = std::move(items);
  out["next_cursor"] = next_after_id.empty() ? boost::json::value(nullptr)
                                             : boost::json::value(EncodeCursor(next_after_id));
  return out;
}

}  // namespace portcullis::api::native
