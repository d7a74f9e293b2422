// AeadDataSealer: a domain tag plus the caller's context as the Aead's associated data.
// Thread-safe: the Aead is immutable.
#include "crypto/data_sealer.h"

namespace portcullis::crypto {
namespace {

// Keeps values sealed here apart from the other uses of the same keys (TOTP secrets, refresh keys).
constexpr std::string_view kDomain = "portcullis sealed data\x1f";

std::string Bound(std::string_view context) {
  std::string ad(kDomain);
  ad.append(context);
  return ad;
}

}  // namespace

std::string AeadDataSealer::Seal(std::string_view plaintext, std::string_view context) {
  return aead_.Seal(plaintext, Bound(context));
}

Result<SecretBytes> AeadDataSealer::Open(std::string_view sealed, std::string_view context) {
  auto opened = aead_.Open(sealed, Bound(context));
  if (!opened) return MakeError(ErrorCode::kInternal, "a sealed value does not open");
  return opened;
}

}  // namespace portcullis::crypto
