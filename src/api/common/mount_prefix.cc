// The mount-prefix rule.
// Pure function; thread-safe.
#include "api/common/mount_prefix.h"

namespace portcullis::api {

bool ValidMountPrefix(std::string_view prefix) {
  return prefix.empty() || (prefix.front() == '/' && prefix.back() != '/' &&
                            prefix.find_first_of("{}?#% ") == std::string_view::npos &&
                            prefix.find("//") == std::string_view::npos);
}

}  // namespace portcullis::api
