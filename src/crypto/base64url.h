// Unpadded base64: URL-safe alphabet (RFC 4648 section 5, JWS) and standard one (PHC strings).
// Pure functions; thread-safe. Decoders accept only canonical encodings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portcullis::crypto {

// RFC 4648 §5 alphabet, no '=' padding.
std::string Base64UrlEncode(std::string_view bytes);

// Inverse of Base64UrlEncode. nullopt for padding, characters outside the alphabet (including
// whitespace), a length of 1 mod 4, or unused low bits set in the last character, so that exactly
// one string decodes to each byte string.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Standard alphabet ('+', '/'), no padding, as in PHC strings; same canonical rules when decoding.
std::string Base64NoPadEncode(std::string_view bytes);
std::optional<std::string> Base64NoPadDecode(std::string_view text);

}  // namespace portcullis::crypto
