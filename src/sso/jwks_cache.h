// JwksCache: a provider's signing keys from its JWKS URL, kept for a TTL and fetched again once
// when a token names a kid the copy lacks (key rotation) — at most once per refetch interval, so
// tokens with forged kids cannot make us hammer the provider. ParseJwks is pure; JwksCache is
// thread-safe (fetches are serialised; a stale copy is kept when a refresh fails).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "common/thread_annotations.h"
#include "crypto/jws_key.h"
#include "sso/http_fetcher.h"

namespace portcullis::sso {

// The verification keys of a JWK Set: asymmetric keys (RSA, EC P-256, OKP Ed25519) meant for
// signatures. Keys for encryption, symmetric keys and keys crypto/ cannot load are left out;
// kUnavailable when the text is not a JWK Set.
Result<std::vector<crypto::JwsKey>> ParseJwks(std::string_view json);

struct JwksCachePolicy {
  std::chrono::seconds ttl{3600};
  std::chrono::seconds refetch_interval{10};  // between two fetches caused by unknown kids
};

class JwksCache {
 public:
  JwksCache(std::shared_ptr<HttpFetcher> fetcher, const Clock& clock, JwksCachePolicy policy = {});

  // The keys of the set at `jwks_uri` that a token with `kid` may be signed by: the key with that
  // kid, or every key when the token names none. kTokenInvalid when no key has the kid even after
  // the one refetch it may cause; kUnavailable when the set cannot be fetched and none is kept.
  Result<std::vector<crypto::JwsKey>> KeysFor(const std::string& jwks_uri,
                                              std::optional<std::string_view> kid);

  // How many times the set was fetched (tests).
  int fetch_count() const;

 private:
  bool Fresh(const std::string& jwks_uri) const REQUIRES(mu_);
  bool MayRefetchForKid() const REQUIRES(mu_);

  const std::shared_ptr<HttpFetcher> fetcher_;
  const Clock& clock_;
  const JwksCachePolicy policy_;
  Mutex fetch_mu_;  // one fetch at a time; taken before mu_
  mutable Mutex mu_;
  std::string uri_ GUARDED_BY(mu_);
  std::optional<std::vector<crypto::JwsKey>> keys_ GUARDED_BY(mu_);
  int64_t fetched_at_ GUARDED_BY(mu_) = 0;
  std::optional<int64_t> kid_refetched_at_ GUARDED_BY(mu_);
  int fetch_count_ GUARDED_BY(mu_) = 0;
};

}  // namespace portcullis::sso
