// Key material for access tokens: the configured or first-start-generated HMAC secret or private
// key, kept in the data directory with owner-only permissions. Called once at start.
#pragma once

#include "app/settings.h"
#include "common/random.h"
#include "common/status.h"
#include "crypto/jws_key.h"

namespace portcullis::app {

// Creates `dir` (mode 0700) when it does not exist.
Status EnsureDataDir(const std::string& dir);
// The signing key for settings.jwt_alg; generates and stores one when none is configured.
Result<crypto::JwsKey> LoadSigningKey(const Settings& settings, Random& random);

}  // namespace portcullis::app
