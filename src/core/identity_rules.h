// Identity rules: how emails and usernames are normalised and validated, and the password policy
// (NIST SP 800-63B: length, not the email). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::core {

inline constexpr std::size_t kMinPasswordChars = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr std::size_t kMaxEmailBytes = 254;
inline constexpr std::size_t kMaxDisplayNameBytes = 200;

// Trimmed and lower-cased. The result is what uniqueness and lookups use.
std::string NormalizeEmail(std::string_view email);
// kInvalidRequest (field kEmail) unless `normalized` looks like local@domain.tld.
Status ValidateEmail(std::string_view normalized);

std::string NormalizeUsername(std::string_view username);
// 3 to 32 characters from [a-z0-9._-], starting with a letter or digit.
Status ValidateUsername(std::string_view normalized);

// At least 8 characters (code points), at most 1024 bytes, and not the email itself.
Status ValidatePassword(std::string_view password, std::string_view normalized_email,
                        Field field = Field::kPassword);

Status ValidateDisplayName(std::string_view display_name);

}  // namespace portcullis::core
