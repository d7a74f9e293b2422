// Builds the claims of an access token from the user and the session.
// Pure functions; thread-safe.
#include "core/access_claims.h"

#include <algorithm>

namespace portcullis::core {

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
  return claims;
}

}  // namespace portcullis::core
