// Identity rules: the one normalisation of emails (the key of every lookup and uniqueness check)
// and usernames, their validation, and the password policy. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::core {

inline constexpr std::size_t kMinPasswordChars = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr std::size_t kMaxEmailBytes = 254;
// An address longer than this is refused before it is normalised (normalisation may expand it;
// the key itself must still fit kMaxEmailBytes, checked by ValidateEmail).
inline constexpr std::size_t kMaxRawEmailBytes = 1024;
inline constexpr std::size_t kMaxDisplayNameBytes = 200;

// The comparison key of an address, used before every lookup and uniqueness check, and what is
// stored. In order: invalid UTF-8, and invisible or control characters anywhere (Unicode
// categories Cc, Cf, Zl, Zp and every Default_Ignorable_Code_Point: zero-width space, joiners,
// bidi controls, soft hyphen, variation selectors, ...) are refused with kInvalidRequest (field
// kEmail, reason kInvisibleCharacter for the latter) before any mapping; then NFKC of the whole
// address (fullwidth and other compatibility forms become their plain letters, "＠" is "@"),
// surrounding spaces trimmed, the local part (before the last "@") case folded ("ß" and "ẞ" fold
// to "ss"), and the domain lowercased, or when it is not ASCII, in its IDNA ASCII form (UTS #46,
// non-transitional: "bücher.example" is "xn--bcher-kva.example"; "faß.example" stays distinct
// from "fass.example").
Result<std::string> NormalizeEmail(std::string_view email);
// kInvalidRequest (field kEmail) unless `normalized` looks like local@domain.tld and fits 254
// bytes.
Status ValidateEmail(std::string_view normalized);

std::string NormalizeUsername(std::string_view username);
// `text` with ASCII letters lower-cased (what the normalisations do to ASCII; an admin's search
// prefix is compared with the stored, normalised identifiers this way).
std::string LowerAscii(std::string_view text);
// 3 to 32 characters from [a-z0-9._-], starting with a letter or digit.
Status ValidateUsername(std::string_view normalized);

// The form of a password that is hashed and verified: Unicode NFC, so the same text typed on
// systems that compose differently (NFC "é" against NFD "e" + U+0301) is the same password.
// Bytes that are not valid UTF-8 are returned unchanged (ValidatePassword refuses them for a new
// password; an old hash may still have been made from them).
std::string NormalizePassword(std::string_view password);

// The policy for a new password (registration, password change, `user create`, reset), applied
// to its NFC form (NIST SP 800-63B 5.1.1.2): valid UTF-8; at least 8 characters (code points),
// at most 1024 bytes; not the email itself; not matched whole by zxcvbn as one common password or
// dictionary word (reason kCommonPassword), as a repetition (kRepetitive) or as a sequence or
// keyboard pattern (kSequence); and, when `min_score` is 1 to 4, a zxcvbn score of at least
// `min_score` (kTooWeak; 0 turns the floor off). Errors are kInvalidRequest on `field`.
// Hash NormalizePassword(password), not `password`.
Status ValidatePassword(std::string_view password, std::string_view normalized_email,
                        Field field = Field::kPassword, int64_t min_score = 0);

Status ValidateDisplayName(std::string_view display_name);

}  // namespace portcullis::core
