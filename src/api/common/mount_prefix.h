// The rule every dialect's mount prefix follows ("" or "/a/b": no trailing '/', no '{}?#%',
// spaces or empty segments), shared by the dialects' settings. Pure; thread-safe.
#pragma once

#include <string_view>

namespace portcullis::api {

// True when `prefix` may be given to Mount.
bool ValidMountPrefix(std::string_view prefix);

// The reason shown for a prefix ValidMountPrefix refuses.
inline constexpr std::string_view kMountPrefixRule =
    "must be empty or a path such as /v1 (starting with '/', no trailing '/', no '{}?#%', spaces "
    "or empty segments)";

}  // namespace portcullis::api
