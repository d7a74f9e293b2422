// TOTP/HOTP codes, base32 and otpauth URIs.
// Pure functions; thread-safe.
#include "core/totp.h"

#include "common/secret_bytes.h"
#include "common/url_encoding.h"

namespace portcullis::core {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

}  // namespace

int64_t TotpStep(int64_t unix_seconds) {
  return unix_seconds >= 0 ? unix_seconds / kTotpPeriod
                           : (unix_seconds - kTotpPeriod + 1) / kTotpPeriod;
}

std::string HotpCode(MfaCrypto& crypto, std::string_view secret, int64_t counter, int digits) {
  std::string message(8, '\0');
  auto c = static_cast<uint64_t>(counter);
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<char>(c & 0xff);
    c >>= 8;
  }
  const std::string mac = crypto.HmacSha1(secret, message);
  if (mac.size() < 20) return {};
  const auto byte = [&](std::size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(mac[i]));
  };
  const std::size_t offset = byte(19) & 0x0f;
  const uint32_t binary = ((byte(offset) & 0x7f) << 24) | (byte(offset + 1) << 16) |
                          (byte(offset + 2) << 8) | byte(offset + 3);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  if (code.size() < static_cast<std::size_t>(digits)) {
    code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  }
  return code;
}

std::string TotpCode(MfaCrypto& crypto, std::string_view secret, int64_t step) {
  return HotpCode(crypto, secret, step, kTotpDigits);
}

std::optional<int64_t> MatchTotp(MfaCrypto& crypto, std::string_view secret, std::string_view code,
                                 int64_t unix_seconds) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const int64_t now = TotpStep(unix_seconds);
  std::optional<int64_t> match;
  // Every candidate is computed and compared, so timing does not tell which step matched.
  for (int64_t step = now - kTotpSkew; step <= now + kTotpSkew; ++step) {
    if (ConstantTimeEquals(TotpCode(crypto, secret, step), code) && !match) match = step;
  }
  return match;
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32[(buffer << (5 - bits)) & 31]);
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=' || ch == ' ') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    const auto pos = kBase32.find(ch);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(pos);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret) {
  std::string uri = "otpauth://totp/";
  uri += PercentEncode(issuer);
  uri += ':';
  uri += PercentEncode(account);
  uri += "?secret=";
  uri += base32_secret;
  uri += "&issuer=";
  uri += PercentEncode(issuer);
  uri += "&algorithm=SHA1&digits=6&period=30";
  return uri;
}

}  // namespace portcullis::core
