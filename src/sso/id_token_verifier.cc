// ID token verification (OpenID Connect Core §3.1.3.7). Pure functions; thread-safe.
#include "sso/id_token_verifier.h"

#include "common/secret_bytes.h"
#include "common/status_macros.h"
#include "crypto/base64url.h"
#include "crypto/jws.h"
#include "sso/json_members.h"
#include "sso/provider_metadata.h"

namespace portcullis::sso {
namespace {

// Microsoft's tenant of personal accounts (its `tid` for every consumer account).
constexpr std::string_view kConsumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";

Error Invalid(std::string why) {
  return MakeError(ErrorCode::kTokenInvalid, "ID token: " + std::move(why));
}

struct Header {
  std::string alg;
  std::optional<std::string> kid;
};

Result<Header> ReadHeader(std::string_view token) {
  if (token.size() > crypto::JwsVerifier::kMaxTokenSize) return Invalid("too large");
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return Invalid("not a JWS");
  const std::optional<std::string> json = crypto::Base64UrlDecode(token.substr(0, dot));
  if (!json) return Invalid("header is not base64url");
  ASSIGN_OR_RETURN(boost::json::object header,
                   ParseJsonObject(*json, ErrorCode::kTokenInvalid, "ID token header"));
  bool ok = true;
  Header out;
  std::optional<std::string> alg = StringMember(header, "alg", ok);
  out.kid = StringMember(header, "kid", ok);
  if (!ok || !alg) return Invalid("header without a string alg, or a kid that is no string");
  if (!IsAllowedIdTokenAlgorithm(*alg)) return Invalid("algorithm not allowed: " + *alg);
  out.alg = std::move(*alg);
  return out;
}

// The payload, verified by the first key of the token's algorithm whose signature matches.
Result<std::string> VerifiedPayload(std::string_view token, const Header& header,
                                    const KeyLookup& keys) {
  ASSIGN_OR_RETURN(std::vector<crypto::JwsKey> candidates,
                   keys(header.kid ? std::optional<std::string_view>(*header.kid) : std::nullopt));
  for (auto& key : candidates) {
    if (crypto::JwsAlgorithmName(key.algorithm()) != header.alg) continue;
    // Providers do not normalise ECDSA's s: either form of their signature is theirs.
    Result<crypto::JwsVerifier> verifier =
        crypto::JwsVerifier::Create({std::move(key)}, crypto::EcdsaSignatures::kEither);
    if (!verifier) continue;
    if (Result<std::string> payload = verifier->Verify(token)) return payload;
  }
  return Invalid("bad signature");
}

Result<std::string> ExpectedIssuer(const IdTokenRules& rules, const std::string& tid) {
  std::string issuer = rules.issuer;
  const auto at = issuer.find(kTenantPlaceholder);
  if (at != std::string::npos) {
    if (tid.empty()) return Invalid("no tid for the provider's tenant issuer");
    issuer.replace(at, kTenantPlaceholder.size(), tid);
  }
  return issuer;
}

Status CheckTenant(const IdTokenRules& rules, const std::string& tid) {
  if (rules.tenant.empty() || rules.tenant == "common") return Status::Ok();
  if (rules.tenant == "organizations") {
    if (tid.empty() || tid == kConsumersTenant) return Invalid("not an organization's account");
    return Status::Ok();
  }
  if (rules.tenant == "consumers") {
    if (tid != kConsumersTenant) return Invalid("not a personal account");
    return Status::Ok();
  }
  if (tid != rules.tenant) return Invalid("tid is not the configured tenant");
  return Status::Ok();
}

}  // namespace

bool IsAllowedIdTokenAlgorithm(std::string_view alg) {
  return alg == "RS256" || alg == "ES256" || alg == "EdDSA";
}

Result<IdTokenClaims> VerifyIdToken(std::string_view token, const IdTokenRules& rules,
                                    const KeyLookup& keys) {
  ASSIGN_OR_RETURN(const Header header, ReadHeader(token));
  ASSIGN_OR_RETURN(const std::string payload, VerifiedPayload(token, header, keys));
  ASSIGN_OR_RETURN(const boost::json::object claims,
                   ParseJsonObject(payload, ErrorCode::kTokenInvalid, "ID token payload"));
  bool ok = true;
  const std::optional<std::string> iss = StringMember(claims, "iss", ok);
  const std::optional<std::string> sub = StringMember(claims, "sub", ok);
  const std::optional<std::vector<std::string>> aud = StringsMember(claims, "aud", ok);
  const std::optional<std::string> azp = StringMember(claims, "azp", ok);
  const std::optional<int64_t> exp = IntegerMember(claims, "exp", ok);
  const std::optional<int64_t> iat = IntegerMember(claims, "iat", ok);
  const std::optional<std::string> nonce = StringMember(claims, "nonce", ok);
  const std::optional<std::string> tid = StringMember(claims, "tid", ok);
  if (!ok) return Invalid("a registered claim has the wrong type");
  if (!iss || !sub || sub->empty() || !aud || !exp || !iat) {
    return Invalid("iss, sub, aud, exp or iat missing");
  }
  IdTokenClaims out;
  out.tenant = tid.value_or("");
  ASSIGN_OR_RETURN(const std::string expected_issuer, ExpectedIssuer(rules, out.tenant));
  if (*iss != expected_issuer) return Invalid("wrong issuer");
  RETURN_IF_ERROR(CheckTenant(rules, out.tenant));
  bool audience = false;
  for (const auto& a : *aud) audience = audience || a == rules.client_id;
  if (!audience) return Invalid("wrong audience");
  if (aud->size() > 1 && !azp) return Invalid("several audiences without azp");
  if (azp && *azp != rules.client_id) return Invalid("azp is not our client");
  if (rules.now >= *exp + rules.leeway_seconds) return Invalid("expired");
  if (*iat > rules.now + rules.leeway_seconds) return Invalid("issued in the future");
  if (!nonce || rules.nonce.empty() || !ConstantTimeEquals(*nonce, rules.nonce)) {
    return Invalid("wrong nonce");
  }
  out.subject = *sub;
  out.email = StringMember(claims, "email", ok);
  out.email_verified = BoolMember(claims, "email_verified", ok).value_or(false);
  out.name = StringMember(claims, "name", ok).value_or("");
  out.amr = StringsMember(claims, "amr", ok).value_or(std::vector<std::string>{});
  if (!ok) return Invalid("email, email_verified, name or amr has the wrong type");
  if (out.email && out.email->empty()) out.email.reset();
  return out;
}

}  // namespace portcullis::sso
