// Normalisation and validation of emails, usernames, display names and passwords (libunistring
// for NFKC, NFC and case folding, libidn2 for IDNA, libzxcvbn through password_strength).
// Pure functions; thread-safe.
#include "core/identity_rules.h"

#include <idn2.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "core/password_strength.h"

namespace portcullis::core {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

const uint8_t* Bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
}

bool IsUtf8(std::string_view s) { return u8_check(Bytes(s), s.size()) == nullptr; }

// Counts UTF-8 code points (continuation bytes are not counted).
std::size_t CodePoints(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsControlOrSpace(unsigned char c) { return c <= 0x20 || c == 0x7F; }

// Characters that render as nothing or steer the rendering of others: controls (Cc: C0, DEL,
// C1), format characters (Cf: zero-width space and joiners, bidi embeddings, overrides and
// isolates, the BOM, soft hyphen, ...), line and paragraph separators, and every other
// Default_Ignorable_Code_Point (variation selectors, the combining grapheme joiner, fillers).
bool IsInvisibleOrControl(ucs4_t c) {
  static const uc_general_category_t kRefused =
      uc_general_category_or(uc_general_category_or(UC_CATEGORY_Cc, UC_CATEGORY_Cf),
                             uc_general_category_or(UC_CATEGORY_Zl, UC_CATEGORY_Zp));
  return uc_is_general_category(c, kRefused) || uc_is_property_default_ignorable_code_point(c);
}

bool HasInvisibleOrControl(std::string_view utf8) {
  const uint8_t* p = Bytes(utf8);
  const uint8_t* const end = p + utf8.size();
  while (p < end) {
    ucs4_t c = 0;
    p += u8_mbtouc(&c, p, static_cast<std::size_t>(end - p));
    if (IsInvisibleOrControl(c)) return true;
  }
  return false;
}

struct FreeMalloced {
  void operator()(void* p) const { std::free(p); }
};

// A libunistring result (malloc'ed, `length` bytes) as a string; nullopt when it failed.
std::optional<std::string> Taken(uint8_t* result, std::size_t length) {
  if (result == nullptr) return std::nullopt;
  const std::unique_ptr<uint8_t, FreeMalloced> owned(result);
  return std::string(reinterpret_cast<const char*>(result), length);
}

std::optional<std::string> Normalized(uninorm_t form, std::string_view utf8) {
  std::size_t length = 0;
  uint8_t* result = u8_normalize(form, Bytes(utf8), utf8.size(), nullptr, &length);
  return Taken(result, length);
}

std::optional<std::string> NfkcCaseFolded(std::string_view utf8) {
  std::size_t length = 0;
  uint8_t* result = u8_casefold(Bytes(utf8), utf8.size(), nullptr, UNINORM_NFKC, nullptr, &length);
  return Taken(result, length);
}

// The IDNA ASCII form (UTS #46 non-transitional) of a domain; nullopt when it is not a valid one.
std::optional<std::string> IdnaAscii(const std::string& domain) {
  char* ascii = nullptr;
  if (idn2_to_ascii_8z(domain.c_str(), &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK) {
    return std::nullopt;
  }
  const std::unique_ptr<char, decltype(&idn2_free)> owned(ascii, &idn2_free);
  return std::string(ascii);
}

Error BadEmail(std::string detail, Reason reason = Reason::kNone) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(detail), Field::kEmail, reason);
}

}  // namespace

Result<std::string> NormalizeEmail(std::string_view email) {
  if (email.size() > kMaxRawEmailBytes) {
    return BadEmail("the email address is longer than 254 characters");
  }
  if (!IsUtf8(email)) return BadEmail("the email address is not valid UTF-8");
  if (HasInvisibleOrControl(email)) {
    return BadEmail("the email address must not contain invisible or control characters",
                    Reason::kInvisibleCharacter);
  }
  if (IsAscii(email)) return LowerAscii(Trim(email));  // what the steps below do to ASCII
  std::optional<std::string> nfkc = Normalized(UNINORM_NFKC, email);  // "＠" is "@" from here
  if (!nfkc) return BadEmail("the email address cannot be normalised");
  const std::string_view address = Trim(*nfkc);
  const std::size_t at = address.rfind('@');
  std::optional<std::string> local = NfkcCaseFolded(address.substr(0, at));
  if (!local) return BadEmail("the email address cannot be normalised");
  if (at == std::string_view::npos) return *local;  // ValidateEmail refuses it
  // The domain is not case folded but mapped by UTS #46 (which lowercases too), so a domain with
  // "ß" stays distinct from its "ss" spelling, as IDNA2008 registers them.
  const std::string_view domain = address.substr(at + 1);
  if (IsAscii(domain)) return *local + "@" + LowerAscii(domain);
  std::optional<std::string> ascii = IdnaAscii(std::string(domain));
  if (!ascii) return BadEmail("the email domain is not a valid internationalised domain name");
  return *local + "@" + *ascii;
}

Status ValidateEmail(std::string_view email) {
  if (email.empty()) return BadEmail("an email address is required");
  if (email.size() > kMaxEmailBytes) {
    return BadEmail("the email address is longer than 254 characters");
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return BadEmail("the email address must be of the form name@domain");
  }
  const std::string_view domain = email.substr(at + 1);
  const auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size() ||
      domain.find("..") != std::string_view::npos) {
    return BadEmail("the email address must be of the form name@domain");
  }
  if (std::any_of(email.begin(), email.end(),
                  [](char c) { return IsControlOrSpace(static_cast<unsigned char>(c)); })) {
    return BadEmail("the email address must not contain spaces or control characters");
  }
  return Status::Ok();
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string NormalizeUsername(std::string_view username) { return LowerAscii(Trim(username)); }

Status ValidateUsername(std::string_view username) {
  const auto bad = [](std::string detail) {
    return MakeError(ErrorCode::kInvalidRequest, std::move(detail), Field::kUsername);
  };
  if (username.size() < 3 || username.size() > 32)
    return bad("the username must be 3 to 32 characters");
  if (!std::isalnum(static_cast<unsigned char>(username.front()))) {
    return bad("the username must start with a letter or digit");
  }
  const bool allowed = std::all_of(username.begin(), username.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
  if (!allowed) return bad("the username may contain only letters, digits, '.', '_' and '-'");
  return Status::Ok();
}

std::string NormalizePassword(std::string_view password) {
  if (IsAscii(password) || !IsUtf8(password)) return std::string(password);
  std::optional<std::string> nfc = Normalized(UNINORM_NFC, password);
  return nfc ? std::move(*nfc) : std::string(password);
}

Status ValidatePassword(std::string_view raw, std::string_view normalized_email, Field field,
                        int64_t min_score) {
  const auto bad = [&](std::string detail, Reason reason = Reason::kNone) {
    return MakeError(ErrorCode::kInvalidRequest, std::move(detail), field, reason);
  };
  if (raw.size() > kMaxPasswordBytes) return bad("the password is longer than 1024 bytes");
  if (!IsUtf8(raw)) return bad("the password is not valid UTF-8");
  const std::string password = NormalizePassword(raw);
  if (password.size() > kMaxPasswordBytes) return bad("the password is longer than 1024 bytes");
  if (CodePoints(password) < kMinPasswordChars) {
    return bad("the password must have at least 8 characters");
  }
  const std::string_view local_part = normalized_email.substr(0, normalized_email.rfind('@'));
  const Result<std::string> as_email = NormalizeEmail(password);
  const bool is_email = as_email && !normalized_email.empty() && *as_email == normalized_email;
  const PasswordStrength strength = AssessPassword(password, {normalized_email, local_part});
  if (is_email || strength.whole == WholePattern::kUserWord) {
    return bad("the password must not be the email address or its name part");
  }
  switch (strength.whole) {
    case WholePattern::kDictionary:
      return bad("the password is a commonly used password or a dictionary word",
                 Reason::kCommonPassword);
    case WholePattern::kRepetition:
      return bad("the password is a repetition of characters", Reason::kRepetitive);
    case WholePattern::kSequence:
      return bad("the password is a sequence of characters or keys", Reason::kSequence);
    case WholePattern::kNone:
    case WholePattern::kUserWord:
      break;
  }
  if (min_score > 0 && strength.score < min_score) {
    return bad("the password is too easy to guess: its strength is " +
                   std::to_string(strength.score) + " of 4, at least " + std::to_string(min_score) +
                   " is required",
               Reason::kTooWeak);
  }
  return Status::Ok();
}

Status ValidateDisplayName(std::string_view display_name) {
  if (display_name.size() > kMaxDisplayNameBytes) {
    return MakeError(ErrorCode::kInvalidRequest, "the display name is longer than 200 bytes",
                     Field::kDisplayName);
  }
  return Status::Ok();
}

}  // namespace portcullis::core
