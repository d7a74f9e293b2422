// Builds the claims of an access token from the user and the session.
// Pure functions; thread-safe.
#include "core/access_claims.h"

#include <algorithm>
#include <string_view>

#include "core/hasura_claims.h"

namespace portcullis::core {
namespace {

constexpr std::string_view kSsoPrefix = "sso:";

// A provider's settings name fit to be written into a JSON string as it is.
bool PlainName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

}  // namespace

std::vector<std::string> SplitAmr(const std::string& amr) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= amr.size()) {
    const auto comma = amr.find(',', start);
    const auto end = comma == std::string::npos ? amr.size() : comma;
    if (end > start) out.push_back(amr.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

int64_t LastAuthentication(const Session& session) {
  return std::max(session.auth_time, session.step_up_at.value_or(0));
}

AccessClaims BuildAccessClaims(const AuthPolicy& policy, const User& user, const Session& session,
                               const std::optional<Membership>& company, std::string jti,
                               int64_t now) {
  AccessClaims claims;
  claims.iss = policy.issuer;
  claims.sub = user.id;
  claims.sid = session.id;
  claims.jti = std::move(jti);
  claims.role = CompanyRoleName(company ? company->role : CompanyRole::kMember);
  if (company) claims.cid = company->company_id;
  claims.iat = now;
  claims.exp = now + policy.access_ttl;
  claims.auth_time = LastAuthentication(session);
  claims.amr = SplitAmr(session.amr);
  for (std::string& method : claims.amr) {
    if (!method.starts_with(kSsoPrefix)) continue;
    const std::string provider = method.substr(kSsoPrefix.size());
    method = "sso";
    if (PlainName(provider)) claims.extra.emplace_back("idp", "\"" + provider + "\"");
  }
  if (policy.hasura.enabled) {
    claims.extra.emplace_back(policy.hasura.claims_namespace,
                              HasuraClaimsJson(policy.hasura, user));
  }
  return claims;
}

}  // namespace portcullis::core
