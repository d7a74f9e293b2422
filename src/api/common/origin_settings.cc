// Declaration of the origin rule's setting: its name, check and help.
// Pure functions; thread-safe.
#include "api/common/origin_settings.h"

#include <algorithm>

#include "api/common/origin_rule.h"

namespace portcullis::api {

options::Section<OriginOptions> OriginSection() {
  options::Section<OriginOptions> s("", "Origins of cookie-authenticated requests");
  s.Add("allowed_origins", &OriginOptions::allowed_origins,
        "origins besides public_url's whose pages may send cookie-authenticated requests (POST "
        "/v1/auth/refresh and /logout with the refresh cookie), e.g. https://app.example.com")
      .Require(
          [](const std::vector<std::string>& origins) {
            return std::all_of(origins.begin(), origins.end(),
                               [](const std::string& o) { return IsBareOrigin(o); });
          },
          "each must be an origin: http(s)://host[:port], without a path (not even '/'), user "
          "info, query or fragment");
  return s;
}

}  // namespace portcullis::api
