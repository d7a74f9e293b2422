// Client-token claims <-> JSON with Boost.JSON, signed and verified through JwsSigner/JwsVerifier.
// Thread-safe: members are immutable; parsing uses per-call stack arenas.
#include "crypto/client_token_codec.h"

#include <array>
#include <boost/json.hpp>
#include <limits>
#include <optional>
#include <stdexcept>

namespace portcullis::crypto {

namespace json = boost::json;

namespace {

Error Invalid(std::string detail) { return MakeError(ErrorCode::kTokenInvalid, std::move(detail)); }

std::optional<int64_t> AsInt(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= uint64_t(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

// Reads a string member; false when present but not a string, or absent and required.
bool StringClaim(const json::object& obj, std::string_view name, std::string& out, bool required) {
  const json::value* v = obj.if_contains(name);
  if (v == nullptr) return !required;
  if (!v->is_string()) return false;
  out.assign(v->get_string().data(), v->get_string().size());
  return true;
}

bool IntClaim(const json::object& obj, std::string_view name, int64_t& out) {
  const json::value* v = obj.if_contains(name);
  if (v == nullptr) return false;
  const std::optional<int64_t> n = AsInt(*v);
  if (!n) return false;
  out = *n;
  return true;
}

}  // namespace

JwtClientTokenCodec::JwtClientTokenCodec(JwsSigner signer, JwsVerifier verifier, std::string issuer,
                                         int64_t leeway_seconds)
    : signer_(std::move(signer)),
      verifier_(std::move(verifier)),
      issuer_(std::move(issuer)),
      leeway_(leeway_seconds) {
  if (issuer_.empty()) throw std::invalid_argument("JWT issuer must not be empty");
  if (leeway_ < 0) throw std::invalid_argument("JWT leeway must not be negative");
}

std::string JwtClientTokenCodec::Encode(const core::ClientTokenClaims& claims) {
  json::object payload;
  payload.reserve(10);
  payload["iss"] = issuer_;
  payload["sub"] = claims.sub;
  payload["client_id"] = claims.client_id;
  if (!claims.cid.empty()) payload["cid"] = claims.cid;
  payload["scope"] = claims.scope;
  payload["jti"] = claims.jti;
  payload["iat"] = claims.iat;
  payload["exp"] = claims.exp;
  if (!claims.act_sub.empty()) payload["act"] = json::object{{"sub", claims.act_sub}};
  return signer_.Sign(json::serialize(payload));
}

Result<core::ClientTokenClaims> JwtClientTokenCodec::Decode(std::string_view token, int64_t now) {
  Result<std::string> verified = verifier_.Verify(token);
  if (!verified) return verified.error();
  std::array<unsigned char, 4096> buffer;
  json::monotonic_resource arena(buffer.data(), buffer.size());
  boost::system::error_code ec;
  const json::value value = json::parse(*verified, ec, &arena);
  if (ec || !value.is_object()) return Invalid("token payload is not a JSON object");
  const json::object& obj = value.get_object();

  core::ClientTokenClaims claims;
  if (!StringClaim(obj, "iss", claims.iss, true) || claims.iss != issuer_) {
    return Invalid("token issuer mismatch");
  }
  if (obj.contains("sid")) return Invalid("a session's token is not a client token");
  if (!StringClaim(obj, "sub", claims.sub, true) ||
      !StringClaim(obj, "client_id", claims.client_id, true) ||
      !StringClaim(obj, "jti", claims.jti, true) || !StringClaim(obj, "cid", claims.cid, false) ||
      !StringClaim(obj, "scope", claims.scope, false) || !IntClaim(obj, "iat", claims.iat) ||
      !IntClaim(obj, "exp", claims.exp)) {
    return Invalid("token claims malformed");
  }
  if (const json::value* act = obj.if_contains("act")) {
    if (!act->is_object() || !StringClaim(act->get_object(), "sub", claims.act_sub, true)) {
      return Invalid("token claims malformed");
    }
  }
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  const int64_t latest = now > max - leeway_ ? max : now + leeway_;
  const int64_t earliest = now < min + leeway_ ? min : now - leeway_;
  if (claims.iat > latest) return Invalid("token not yet valid");
  if (claims.exp <= earliest) return MakeError(ErrorCode::kTokenExpired, "token expired");
  return claims;
}

}  // namespace portcullis::crypto
