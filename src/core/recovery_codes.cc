// Recovery-code generation and normalisation.
// Pure functions; thread-safe when the Random is.
#include "core/recovery_codes.h"

namespace portcullis::core {
namespace {

constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";  // Crockford base32

}  // namespace

std::string GenerateRecoveryCode(Random& random) {
  const std::string bytes = random.Bytes(kRecoveryCodeChars);
  std::string code;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == kRecoveryCodeChars / 2) code.push_back('-');
    code.push_back(
        kAlphabet[static_cast<unsigned char>(bytes[i]) & 31]);  // 256 % 32 == 0: unbiased
  }
  return code;
}

std::optional<std::string> NormalizeRecoveryCode(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == 'i' || c == 'l') c = '1';
    if (c == 'o') c = '0';
    if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    out.push_back(c);
    if (out.size() > kRecoveryCodeChars) return std::nullopt;
  }
  if (out.size() != kRecoveryCodeChars) return std::nullopt;
  return out;
}

}  // namespace portcullis::core
