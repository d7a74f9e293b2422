// TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) and the encodings around it: base32
// secrets (RFC 4648) and otpauth:// URIs. Pure functions over the MfaCrypto port; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto_ports.h"

namespace portcullis::core {

inline constexpr int64_t kTotpPeriod = 30;  // seconds per step
inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpSkew = 1;  // steps accepted either side of now

// The time step of `unix_seconds` (floor division, T0 = 0).
int64_t TotpStep(int64_t unix_seconds);
// The RFC 4226 HOTP value of `counter` under `secret`, as `digits` decimal digits.
std::string HotpCode(MfaCrypto& crypto, std::string_view secret, int64_t counter,
                     int digits = kTotpDigits);
// The TOTP code for time step `step`.
std::string TotpCode(MfaCrypto& crypto, std::string_view secret, int64_t step);
// The step (within now ± kTotpSkew) whose code equals `code`, comparing in constant time; nullopt
// when none does or `code` is not 6 digits.
std::optional<int64_t> MatchTotp(MfaCrypto& crypto, std::string_view secret, std::string_view code,
                                 int64_t unix_seconds);

// Upper-case RFC 4648 base32 without padding (as authenticator apps expect).
std::string Base32Encode(std::string_view bytes);
// Case-insensitive; ignores '=' padding and spaces; nullopt for other characters.
std::optional<std::string> Base32Decode(std::string_view text);

// otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret);

}  // namespace portcullis::core
