// Building URLs and form bodies: RFC 3986 percent-encoding (unreserved characters kept, every
// other byte %XX in upper-case hex), name=value lists, and query parameters added to a URL.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis {

using UrlParams = std::vector<std::pair<std::string, std::string>>;

std::string PercentEncode(std::string_view text);
// name=value&name=value (application/x-www-form-urlencoded), each part percent-encoded.
std::string FormEncode(const UrlParams& params);
// `url` with `params` added to its query ('?' or '&' as the URL already has a query; nothing when
// it already ends in one), before any fragment.
std::string WithQuery(std::string_view url, const UrlParams& params);

}  // namespace portcullis
