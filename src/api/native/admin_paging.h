// The admin and audit APIs' list pages: `?cursor=&limit=` in, `{"items": [...], "next_cursor":
// ...}` out. A cursor is the hex of the page's last id: opaque to clients, checked strictly on the
// way in. Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/query.h"

namespace portcullis::api::native {

struct PageRequest {
  std::string after_id;  // the decoded cursor; empty for the first page
  int64_t limit = 50;
};

// Reads `cursor` and `limit` (default 50, 1..200) from `params`; kInvalidRequest naming the member
// for a limit out of range or not a number and for a cursor that does not decode.
Result<PageRequest> DecodePageRequest(const http::QueryParams& params);

// Reads `limit` from `params`: the default 50 when absent, else a whole number from 1 to 200
// (kInvalidRequest naming `limit` otherwise). The one page size of every admin and audit list.
Result<int64_t> DecodePageLimit(const http::QueryParams& params);

// The cursor of the page after the one ending at `last_id`.
std::string EncodeCursor(std::string_view last_id);

// {"items": items, "next_cursor": cursor of `next_after_id`, or null when it is empty}
boost::json::object PageView(boost::json::array items, std::string_view next_after_id);

}  // namespace portcullis::api::native
