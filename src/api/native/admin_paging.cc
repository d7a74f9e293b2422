// The admin API's list pages: cursor and limit decoding, the page's JSON shape.
// Pure functions; thread-safe.
#include "api/native/admin_paging.h"

#include <charconv>

#include "common/status_macros.h"
#include "core/admin_caller.h"

namespace portcullis::api::native {
namespace {

constexpr char kHex[] = "0123456789abcdef";
constexpr std::size_t kMaxCursorChars = 256;  // ids are UUIDs: 72 hex digits

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Result<std::string> DecodeCursor(std::string_view cursor) {
  const Error bad = MakeError(ErrorCode::kInvalidRequest, "the cursor is not one this API gave",
                              std::string("cursor"));
  if (cursor.size() % 2 != 0 || cursor.size() > kMaxCursorChars) return bad;
  std::string out;
  out.reserve(cursor.size() / 2);
  for (std::size_t i = 0; i < cursor.size(); i += 2) {
    const int high = HexValue(cursor[i]);
    const int low = HexValue(cursor[i + 1]);
    if (high < 0 || low < 0) return bad;
    const char c = static_cast<char>(high * 16 + low);
    // An id is lower-case letters, digits and '-'.
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return bad;
    out.push_back(c);
  }
  return out;
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

std::string EncodeCursor(std::string_view last_id) {
  std::string out;
  out.reserve(last_id.size() * 2);
  for (unsigned char c : last_id) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0x0f]);
  }
  return out;
}

boost::json::object PageView(boost::json::array items, std::string_view next_after_id) {
  boost::json::object out;
  out["items"] = std::move(items);
  out["next_cursor"] = next_after_id.empty() ? boost::json::value(nullptr)
                                             : boost::json::value(EncodeCursor(next_after_id));
  return out;
}

}  // namespace portcullis::api::native
