// Lower-case hexadecimal encoding of byte strings (digests in the database, test vectors).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portcullis {

std::string HexEncode(std::string_view bytes);
// Accepts upper or lower case; nullopt for an odd length or a non-hex character.
std::optional<std::string> HexDecode(std::string_view text);

}  // namespace portcullis
