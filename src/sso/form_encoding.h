// The encodings of requests to a provider: form fields (common/url_encoding.h does the
// percent-encoding) and the scope parameter. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/url_encoding.h"

namespace portcullis::sso {

using FormFields = UrlParams;

// The scope parameter's value: the scopes separated by single spaces (RFC 6749 §3.3).
std::string JoinScopes(const std::vector<std::string>& scopes);

}  // namespace portcullis::sso
