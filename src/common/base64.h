// Standard base64 (RFC 4648 section 4, with padding), for MIME parts and data: URLs; the URL-safe
// form of tokens lives in crypto/base64url. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace portcullis {

std::string Base64(std::string_view bytes);

}  // namespace portcullis
