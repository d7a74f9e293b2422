// JwksCache: a provider's signing keys, cached with one rate-limited refetch on an unknown kid.
// Thread-safe (fetch_mu_ serialises fetches, mu_ guards the copy).
#include "sso/jwks_cache.h"

#include <boost/json/serialize.hpp>

#include "common/status_macros.h"
#include "sso/json_members.h"

namespace portcullis::sso {
namespace {

constexpr std::size_t kMaxKeys = 100;

Error Nonsense(std::string why) {
  return MakeError(ErrorCode::kUnavailable, "identity provider JWKS: " + std::move(why));
}

Result<std::vector<crypto::JwsKey>> Select(const std::vector<crypto::JwsKey>& keys,
                                           std::optional<std::string_view> kid) {
  std::vector<crypto::JwsKey> out;
  for (const auto& key : keys) {
    if (!kid || key.kid() == *kid) out.push_back(key);
  }
  if (out.empty()) return MakeError(ErrorCode::kTokenInvalid, "no provider key for the token");
  return out;
}

}  // namespace

Result<std::vector<crypto::JwsKey>> ParseJwks(std::string_view json) {
  ASSIGN_OR_RETURN(boost::json::object set,
                   ParseJsonObject(json, ErrorCode::kUnavailable, "identity provider JWKS"));
  const boost::json::value* keys = set.if_contains("keys");
  if (keys == nullptr || !keys->is_array()) return Nonsense("no keys array");
  std::vector<crypto::JwsKey> out;
  for (const auto& jwk : keys->get_array()) {
    if (!jwk.is_object()) continue;
    const boost::json::object& o = jwk.get_object();
    bool ok = true;
    const std::optional<std::string> kty = StringMember(o, "kty", ok);
    const std::optional<std::string> use = StringMember(o, "use", ok);
    if (!ok || !kty || *kty == "oct" || (use && *use != "sig")) continue;
    Result<crypto::JwsKey> key = crypto::JwsKey::FromJwk(boost::json::serialize(o));
    if (!key || crypto::IsHmacAlgorithm(key->algorithm())) continue;
    out.push_back(std::move(*key));
    if (out.size() == kMaxKeys) break;
  }
  return out;
}

JwksCache::JwksCache(std::shared_ptr<HttpFetcher> fetcher, const Clock& clock,
                     JwksCachePolicy policy)
    : fetcher_(std::move(fetcher)), clock_(clock), policy_(policy) {}

bool JwksCache::Fresh(const std::string& jwks_uri) const {
  return keys_ && uri_ == jwks_uri && clock_.NowSeconds() - fetched_at_ < policy_.ttl.count();
}

bool JwksCache::MayRefetchForKid() const {
  return !kid_refetched_at_ ||
         clock_.NowSeconds() - *kid_refetched_at_ >= policy_.refetch_interval.count();
}

Result<std::vector<crypto::JwsKey>> JwksCache::KeysFor(const std::string& jwks_uri,
                                                       std::optional<std::string_view> kid) {
  {
    MutexLock lock(mu_);
    if (Fresh(jwks_uri)) {
      Result<std::vector<crypto::JwsKey>> keys = Select(*keys_, kid);
      if (keys || !MayRefetchForKid()) return keys;
    }
  }
  MutexLock fetching(fetch_mu_);
  {
    MutexLock lock(mu_);  // another caller may have fetched while this one waited
    if (Fresh(jwks_uri)) {
      Result<std::vector<crypto::JwsKey>> keys = Select(*keys_, kid);
      if (keys || !MayRefetchForKid()) return keys;
      kid_refetched_at_ = clock_.NowSeconds();
    }
    ++fetch_count_;
  }
  HttpRequest request;
  request.url = jwks_uri;
  request.headers.emplace_back("Accept", "application/json");
  Result<std::vector<crypto::JwsKey>> fetched = [&]() -> Result<std::vector<crypto::JwsKey>> {
    ASSIGN_OR_RETURN(HttpResponse response, fetcher_->Fetch(request));
    if (response.status != 200) {
      return Nonsense("answered HTTP " + std::to_string(response.status));
    }
    return ParseJwks(response.body);
  }();
  MutexLock lock(mu_);
  if (!fetched) {
    if (keys_ && uri_ == jwks_uri) return Select(*keys_, kid);  // the stale copy
    return fetched.error();
  }
  keys_ = std::move(*fetched);
  uri_ = jwks_uri;
  fetched_at_ = clock_.NowSeconds();
  return Select(*keys_, kid);
}

int JwksCache::fetch_count() const {
  MutexLock lock(mu_);
  return fetch_count_;
}

}  // namespace portcullis::sso
