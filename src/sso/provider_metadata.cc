// OpenID Connect discovery: parsing the document and caching it per provider. DiscoveryCache is
// thread-safe (fetch_mu_ serialises fetches, mu_ guards the copy).
#include "sso/provider_metadata.h"

#include "common/status_macros.h"
#include "sso/json_members.h"

namespace portcullis::sso {
namespace {

Error Nonsense(std::string why) {
  return MakeError(ErrorCode::kUnavailable, "identity provider discovery: " + std::move(why));
}

Result<std::string> Endpoint(const boost::json::object& doc, std::string_view key, bool required) {
  bool ok = true;
  std::optional<std::string> url = StringMember(doc, key, ok);
  if (!ok) return Nonsense(std::string(key) + " is not a string");
  if (!url) {
    if (required) return Nonsense(std::string(key) + " is missing");
    return std::string();
  }
  if (Status fetchable = CheckFetchableUrl(*url); !fetchable) {
    return Nonsense(std::string(key) + ": " + fetchable.error().detail);
  }
  return std::move(*url);
}

std::string ReplaceTenant(std::string_view issuer_template, std::string_view tenant) {
  std::string out(issuer_template);
  const auto at = out.find(kTenantPlaceholder);
  if (at != std::string::npos) out.replace(at, kTenantPlaceholder.size(), tenant);
  return out;
}

}  // namespace

bool ProviderMetadata::UsesClientSecretPost() const {
  bool basic = token_auth_methods.empty();
  bool post = false;
  for (const auto& m : token_auth_methods) {
    basic = basic || m == "client_secret_basic";
    post = post || m == "client_secret_post";
  }
  return post && !basic;
}

Result<ProviderMetadata> ParseProviderMetadata(std::string_view json,
                                               std::string_view configured_issuer,
                                               std::optional<std::string_view> tenant) {
  ASSIGN_OR_RETURN(boost::json::object doc,
                   ParseJsonObject(json, ErrorCode::kUnavailable, "identity provider discovery"));
  bool ok = true;
  ProviderMetadata m;
  std::optional<std::string> issuer = StringMember(doc, "issuer", ok);
  if (!issuer || !ok) return Nonsense("issuer is missing");
  const bool same = *issuer == configured_issuer;
  const bool templated = tenant && issuer->find(kTenantPlaceholder) != std::string::npos &&
                         ReplaceTenant(*issuer, *tenant) == configured_issuer;
  if (!same && !templated) {
    return Nonsense("the document's issuer is not the configured one");
  }
  m.issuer = std::move(*issuer);
  ASSIGN_OR_RETURN(m.authorization_endpoint, Endpoint(doc, "authorization_endpoint", true));
  ASSIGN_OR_RETURN(m.token_endpoint, Endpoint(doc, "token_endpoint", true));
  ASSIGN_OR_RETURN(m.jwks_uri, Endpoint(doc, "jwks_uri", true));
  ASSIGN_OR_RETURN(m.userinfo_endpoint, Endpoint(doc, "userinfo_endpoint", false));
  auto methods = StringsMember(doc, "token_endpoint_auth_methods_supported", ok);
  if (!ok) return Nonsense("token_endpoint_auth_methods_supported is not a list of strings");
  if (methods) m.token_auth_methods = std::move(*methods);
  return m;
}

std::string DiscoveryUrl(std::string_view issuer) {
  std::string url(issuer);
  if (!url.empty() && url.back() == '/') url.pop_back();
  return url + "/.well-known/openid-configuration";
}

DiscoveryCache::DiscoveryCache(std::shared_ptr<HttpFetcher> fetcher, const Clock& clock,
                               std::string issuer, std::optional<std::string> tenant,
                               std::chrono::seconds ttl)
    : fetcher_(std::move(fetcher)),
      clock_(clock),
      issuer_(std::move(issuer)),
      tenant_(std::move(tenant)),
      ttl_(ttl) {}

std::optional<Result<ProviderMetadata>> DiscoveryCache::Remembered() {
  const int64_t now = clock_.NowSeconds();
  if (cached_ && now - fetched_at_ < ttl_.count()) return *cached_;
  if (failure_ && now - failed_at_ < kRetryAfterFailure.count()) {
    if (cached_) return *cached_;
    return *failure_;
  }
  return std::nullopt;
}

Result<ProviderMetadata> DiscoveryCache::Get() {
  {
    MutexLock lock(mu_);
    if (auto known = Remembered()) return *std::move(known);
  }
  MutexLock fetching(fetch_mu_);
  {
    MutexLock lock(mu_);  // another caller may have fetched (or failed) while this one waited
    if (auto known = Remembered()) return *std::move(known);
  }
  Result<ProviderMetadata> fresh = Fetch();
  MutexLock lock(mu_);
  if (!fresh) {
    // Not tried again for a while: during an outage every start would otherwise wait its turn
    // for a fetch that times out, tying up the workers.
    failure_ = fresh.error();
    failed_at_ = clock_.NowSeconds();
    if (cached_) return *cached_;
    return fresh.error();
  }
  failure_.reset();
  cached_ = *fresh;
  fetched_at_ = clock_.NowSeconds();
  return fresh;
}

Result<ProviderMetadata> DiscoveryCache::Fetch() {
  HttpRequest request;
  request.url = DiscoveryUrl(issuer_);
  request.headers.emplace_back("Accept", "application/json");
  ASSIGN_OR_RETURN(HttpResponse response, fetcher_->Fetch(request));
  if (response.status != 200) {
    return Nonsense("the discovery document answered HTTP " + std::to_string(response.status));
  }
  return ParseProviderMetadata(response.body, issuer_,
                               tenant_ ? std::optional<std::string_view>(*tenant_) : std::nullopt);
}

}  // namespace portcullis::sso
