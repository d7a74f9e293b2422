// Parsing and formatting of the From address. Pure functions; thread-safe.
#include "mail/mail_address.h"

#include "mail/mime_encoding.h"

namespace portcullis::mail {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool IsPlainAddress(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  for (const char c : address) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '"' || c == ',') return false;
  }
  return true;
}

Result<MailAddress> ParseMailAddress(std::string_view text) {
  const auto bad = [] {
    return MakeError(ErrorCode::kInvalidRequest,
                     "must be an address such as no-reply@example.com or "
                     "\"Name <no-reply@example.com>\"");
  };
  text = Trim(text);
  MailAddress out;
  const auto open = text.find('<');
  if (open == std::string_view::npos) {
    out.address = std::string(text);
  } else {
    if (!text.ends_with('>')) return bad();
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    for (const char c : name) {
      if (c == '\r' || c == '\n' || c == '"' || c == '\\') return bad();
    }
    out.display_name = std::string(name);
    out.address = std::string(text.substr(open + 1, text.size() - open - 2));
  }
  if (!IsPlainAddress(out.address)) return bad();
  out.domain = out.address.substr(out.address.find('@') + 1);
  return out;
}

std::string HeaderForm(const MailAddress& address) {
  if (address.display_name.empty()) return address.address;
  std::string name = IsAscii(address.display_name) ? "\"" + address.display_name + "\""
                                                   : EncodedWords(address.display_name);
  return name + " <" + address.address + ">";
}

}  // namespace portcullis::mail
