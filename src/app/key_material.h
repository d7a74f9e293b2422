// Key material for access tokens: the configured or first-start-generated HMAC secret or private
// key, kept in the data directory with owner-only permissions. Called once at start.
#pragma once

#include <memory>

#include "app/settings.h"
#include "common/random.h"
#include "common/secret_bytes.h"
#include "common/status.h"
#include "crypto/jws_key.h"
#include "crypto/mfa_crypto.h"

namespace portcullis::app {

// Creates `dir` (mode 0700) when it does not exist.
Status EnsureDataDir(const std::string& dir);
// The signing key for settings.jwt_alg; generates and stores one when none is configured.
Result<crypto::JwsKey> LoadSigningKey(const Settings& settings, Random& random);
// The server's data-at-rest AEAD keys (mfa_encryption_key, generated into data_dir when not
// configured): they seal TOTP secrets and the per-session refresh-token keys.
Result<crypto::Aead> LoadDataKeys(const Settings& settings, Random& random);
// The MFA cryptography: AEAD keys for TOTP secrets (mfa_encryption_key) and the recovery-code
// HMAC key (mfa_recovery_key), each generated into data_dir when not configured.
Result<std::unique_ptr<crypto::SodiumMfaCrypto>> LoadMfaCrypto(const Settings& settings,
                                                               Random& random);
// The key of the service-client secrets' keyed hash: derived from mfa_recovery_key (HMAC-SHA-256
// with a label of its own), so it is backed up with that key. Losing it voids every client secret.
Result<SecretBytes> LoadClientSecretKey(const Settings& settings, Random& random);

}  // namespace portcullis::app
