// Test support for sso/: provider signing keys, ID tokens signed with crypto's JwsSigner (or with
// any header), JWK Sets, and a scripted HttpFetcher that records what it was asked. Thread-safe.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "common/mutex.h"
#include "common/thread_annotations.h"
#include "crypto/base64url.h"
#include "crypto/jws.h"
#include "crypto/jws_key.h"
#include "sso/http_fetcher.h"

namespace portcullis::sso::testing {

// A provider's signing key: the private key (tests sign with it) and its public JWK.
struct ProviderKey {
  crypto::JwsKey private_key;
  std::string public_jwk;
};

inline ProviderKey MakeProviderKey(crypto::JwsAlgorithm alg, const std::string& kid) {
  static Mutex mu;
  static std::map<std::pair<crypto::JwsAlgorithm, std::string>, std::string> pems;
  std::string pem;
  {
    MutexLock lock(mu);
    auto& cached = pems[{alg, kid}];
    if (cached.empty()) cached = std::string(crypto::JwsKey::GeneratePrivatePem(alg)->view());
    pem = cached;
  }
  crypto::JwsKey key = crypto::JwsKey::FromPrivatePem(kid, alg, pem).value();
  std::string jwk = *key.PublicJwk();
  return {std::move(key), std::move(jwk)};
}

// {"keys":[...]} of the given public JWKs.
inline std::string JwksOf(const std::vector<std::string>& public_jwks) {
  std::string out = R"({"keys":[)";
  for (std::size_t i = 0; i < public_jwks.size(); ++i) {
    out += (i == 0 ? "" : ",") + public_jwks[i];
  }
  return out + "]}";
}

inline std::string SignToken(const crypto::JwsKey& key, const boost::json::object& claims) {
  return crypto::JwsSigner::Create(key).value().Sign(boost::json::serialize(claims));
}

// header.payload.signature with any header, signed by `key` (alg confusion, kids, ...).
inline std::string SignWithHeader(const crypto::JwsKey& key, const std::string& header,
                                  const std::string& payload) {
  const std::string input =
      crypto::Base64UrlEncode(header) + "." + crypto::Base64UrlEncode(payload);
  return input + "." + crypto::Base64UrlEncode(key.Sign(input));
}

// Answers by URL what the test scripted; an unscripted URL is kUnavailable. Records requests.
class FakeFetcher final : public HttpFetcher {
 public:
  void Answer(const std::string& url, long status, std::string body) {
    MutexLock lock(mu_);
    answers_[url] =
        HttpResponse{.status = status, .content_type = "application/json", .body = std::move(body)};
  }
  void Fail(const std::string& url) {
    MutexLock lock(mu_);
    answers_.erase(url);
  }
  Result<HttpResponse> Fetch(const HttpRequest& request) override {
    MutexLock lock(mu_);
    requests_.push_back(request);
    auto it = answers_.find(request.url);
    if (it == answers_.end()) return MakeError(ErrorCode::kUnavailable, "unreachable");
    return it->second;
  }
  std::vector<HttpRequest> requests() const {
    MutexLock lock(mu_);
    return requests_;
  }
  int CountOf(const std::string& url) const {
    MutexLock lock(mu_);
    int n = 0;
    for (const auto& r : requests_) n += r.url == url ? 1 : 0;
    return n;
  }

 private:
  mutable Mutex mu_;
  std::map<std::string, HttpResponse> answers_ GUARDED_BY(mu_);
  std::vector<HttpRequest> requests_ GUARDED_BY(mu_);
};

}  // namespace portcullis::sso::testing
