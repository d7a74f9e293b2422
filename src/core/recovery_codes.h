// Recovery codes: how they look (10 Crockford base32 characters shown as "xxxxx-xxxxx", 50 random
// bits) and how a typed code is normalised before hashing. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/random.h"

namespace portcullis::core {

inline constexpr int kRecoveryCodeCount = 8;
inline constexpr std::size_t kRecoveryCodeChars = 10;

// A fresh code in display form ("7fk2m-q9xwd").
std::string GenerateRecoveryCode(Random& random);
// The canonical form that is hashed: lower case, without '-' or spaces, with Crockford's aliases
// (i, l → 1; o → 0). nullopt when it is not 10 characters of the alphabet.
std::optional<std::string> NormalizeRecoveryCode(std::string_view typed);

}  // namespace portcullis::core
