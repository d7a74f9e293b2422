// Choosing a template locale from a request's Accept-Language (RFC 9110 section 12.5.4: q-values,
// "*") by RFC 4647 lookup (a range falls back to its prefixes: de-CH, then de). Pure functions;
// thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace portcullis::mail {

// The language ranges of `accept_language` (or a single tag such as "de-CH"), most preferred
// first (equal q-values keep their order), lower-cased; ranges with q=0 and malformed ones are
// dropped. "*" is kept (it matches nothing by itself: the caller's default applies).
std::vector<std::string> PreferredLanguages(std::string_view accept_language);

// The first of `preferred`, or of its prefixes, for which `available` is true; empty when none.
std::string LookupLocale(const std::vector<std::string>& preferred,
                         const std::function<bool(std::string_view)>& available);

}  // namespace portcullis::mail
