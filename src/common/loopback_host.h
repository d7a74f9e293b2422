// Whether a URL's host names this machine's loopback interface, strictly: exactly "localhost",
// "[::1]" or four decimal octets starting with 127 (no prefix matching, no other spellings).
// Used where plain http:// is allowed only to loopback. Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace portcullis {

// `host` as it appears in a URL's authority (an IPv6 address in brackets), without the port.
bool IsLoopbackHost(std::string_view host);

// The host of a URL authority ("user@" already refused by the caller): "[...]" kept whole, else
// everything before the port.
std::string_view HostOfAuthority(std::string_view authority);

}  // namespace portcullis
