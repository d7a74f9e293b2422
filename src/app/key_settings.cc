// Declarations of the key-material settings: names, checks, help and former flat names.
// Pure functions; thread-safe.
#include "app/key_settings.h"

namespace portcullis::app {

options::Section<JwtKeyOptions> JwtKeySection() {
  options::Section<JwtKeyOptions> s("jwt", "Access-token signing key");
  s.Add("alg", &JwtKeyOptions::alg, "access-token algorithm: HS256, HS512, RS256, ES256, EdDSA")
      .OneOf({"HS256", "HS512", "RS256", "ES256", "EdDSA"})
      .Alias("jwt_alg");
  s.Add("secret", &JwtKeyOptions::secret,
        "HMAC secret for HS256/HS512 (at least 32 bytes); generated when empty")
      .Require([](const std::string& v) { return v.empty() || v.size() >= 32; },
               "must be at least 32 bytes")
      .Secret()
      .Alias("jwt_secret");
  s.Add("key_file", &JwtKeyOptions::key_file,
        "PEM private key for RS256/ES256/EdDSA; generated in data_dir when empty")
      .Alias("jwt_key_file");
  return s;
}

options::Section<MfaKeyOptions> MfaKeySection() {
  options::Section<MfaKeyOptions> s("mfa", "Multi-factor authentication");
  s.Add("encryption_key", &MfaKeyOptions::encryption_key,
        "AEAD keys for TOTP secrets at rest: KID:BASE64URL (32 bytes), comma-separated, the "
        "first seals; generated in data_dir when empty (see docs/MFA.md)")
      .Secret()
      .Alias("mfa_encryption_key");
  s.Add("recovery_key", &MfaKeyOptions::recovery_key,
        "HMAC-SHA-256 key for recovery codes, base64url (at least 32 bytes); generated in "
        "data_dir when empty")
      .Secret()
      .Alias("mfa_recovery_key");
  return s;
}

}  // namespace portcullis::app
