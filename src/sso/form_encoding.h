// Percent-encoding of query strings and application/x-www-form-urlencoded bodies for requests to
// a provider (RFC 3986 unreserved characters kept, every other byte %XX). Pure functions;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::sso {

using FormFields = std::vector<std::pair<std::string, std::string>>;

std::string PercentEncode(std::string_view text);
// name=value&name=value, each part percent-encoded.
std::string FormEncode(const FormFields& fields);
// The scope parameter's value: the scopes separated by single spaces (RFC 6749 §3.3).
std::string JoinScopes(const std::vector<std::string>& scopes);
// `url` with the fields appended to its query ('?' or '&' as the URL already has a query).
std::string WithQuery(std::string_view url, const FormFields& fields);

}  // namespace portcullis::sso
