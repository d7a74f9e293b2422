// The settings of the key material the app loads or generates into data_dir: the access-token
// signing key ([jwt]) and the MFA keys ([mfa]). Built on each call; values read-only after start.
#pragma once

#include <string>

#include "common/options.h"

namespace portcullis::app {

struct JwtKeyOptions {
  std::string alg = "HS256";  // HS256, HS512, RS256, ES256, EdDSA
  std::string secret;         // HMAC secret; empty: generated into data_dir at first start
  std::string key_file;       // PEM private key for RS256/ES256/EdDSA; empty: data_dir default
};

struct MfaKeyOptions {
  std::string encryption_key;  // "kid:base64url32[,kid:...]"; empty: generated into data_dir
  std::string recovery_key;    // base64url, at least 32 bytes; empty: generated into data_dir
};

// jwt.alg, jwt.secret, jwt.key_file.
options::Section<JwtKeyOptions> JwtKeySection();
// mfa.encryption_key, mfa.recovery_key.
options::Section<MfaKeyOptions> MfaKeySection();

}  // namespace portcullis::app
