// VerifyIdToken: the full check of an OpenID Connect ID token (Core §3.1.3.7) — an allowlisted
// asymmetric algorithm, the signature by the provider's key of its kid, iss (Microsoft's tenant
// template against the token's tid), aud, azp, exp, iat and nonce — and the claims sso/ uses.
// Pure apart from the key lookup it is given; thread-safe when that is.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/jws_key.h"

namespace portcullis::sso {

// The algorithms an ID token may be signed with: what crypto/ verifies with a public key.
// Never `none`, never HS* (a provider's public key is no shared secret).
bool IsAllowedIdTokenAlgorithm(std::string_view alg);

struct IdTokenRules {
  // The expected `iss`. With {tenantid} in it (Microsoft), the token's `tid` is put in its place.
  std::string issuer;
  // Microsoft: the configured tenant (common, organizations, consumers or a tenant id); empty for
  // other providers. A tenant id must equal the token's `tid`; organizations refuses personal
  // accounts' tenant and consumers accepts only it.
  std::string tenant;
  std::string client_id;
  std::string nonce;  // the token's `nonce` must equal it
  int64_t now = 0;
  int64_t leeway_seconds = 60;  // for exp and iat
};

struct IdTokenClaims {
  std::string subject;
  std::optional<std::string> email;
  bool email_verified = false;
  std::string name;
  std::vector<std::string> amr;
  std::string tenant;  // `tid`, when present
};

// The keys the token may be signed by, given its kid (nullopt: the header names none).
using KeyLookup =
    std::function<Result<std::vector<crypto::JwsKey>>(std::optional<std::string_view> kid)>;

// kTokenInvalid with the reason when any check fails; the lookup's own failure (kUnavailable)
// as it is.
Result<IdTokenClaims> VerifyIdToken(std::string_view token, const IdTokenRules& rules,
                                    const KeyLookup& keys);

}  // namespace portcullis::sso
