// Normalisation and validation of emails, usernames, display names and passwords.
// Pure functions; thread-safe.
#include "core/identity_rules.h"

#include <algorithm>
#include <cctype>

namespace portcullis::core {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Counts UTF-8 code points (continuation bytes are not counted).
std::size_t CodePoints(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsControlOrSpace(unsigned char c) { return c <= 0x20 || c == 0x7F; }

}  // namespace

std::string NormalizeEmail(std::string_view email) { return Lower(Trim(email)); }

Status ValidateEmail(std::string_view email) {
  const auto bad = [](std::string detail) {
    return MakeError(ErrorCode::kInvalidRequest, std::move(detail), Field::kEmail);
  };
  if (email.empty()) return bad("an email address is required");
  if (email.size() > kMaxEmailBytes) return bad("the email address is longer than 254 characters");
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return bad("the email address must be of the form name@domain");
  }
  const std::string_view domain = email.substr(at + 1);
  const auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size() ||
      domain.find("..") != std::string_view::npos) {
    return bad("the email address must be of the form name@domain");
  }
  if (std::any_of(email.begin(), email.end(),
                  [](char c) { return IsControlOrSpace(static_cast<unsigned char>(c)); })) {
    return bad("the email address must not contain spaces or control characters");
  }
  return Status::Ok();
}

std::string NormalizeUsername(std::string_view username) { return Lower(Trim(username)); }

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

Status ValidatePassword(std::string_view password, std::string_view normalized_email, Field field) {
  const auto bad = [&](std::string detail) {
    return MakeError(ErrorCode::kInvalidRequest, std::move(detail), field);
  };
  if (password.size() > kMaxPasswordBytes) return bad("the password is longer than 1024 bytes");
  if (CodePoints(password) < kMinPasswordChars)
    return bad("the password must have at least 8 characters");
  if (!normalized_email.empty() && Lower(Trim(password)) == normalized_email) {
    return bad("the password must not be the email address");
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
