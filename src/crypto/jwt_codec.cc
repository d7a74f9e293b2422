// JWT claims <-> JSON with Boost.JSON, signed and verified through JwsSigner / JwsVerifier.
// Thread-safe: members are immutable; parsing uses per-call stack arenas.
#include "crypto/jwt_codec.h"

#include <array>
#include <boost/json.hpp>
#include <limits>
#include <optional>
#include <stdexcept>

namespace portcullis::crypto {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 11> kRegisteredClaims = {
    "iss", "sub", "sid", "jti", "role", "iat", "exp", "auth_time", "amr", "nbf", "cid"};

bool IsRegistered(std::string_view name) {
  for (std::string_view claim : kRegisteredClaims) {
    if (claim == name) return true;
  }
  return false;
}

Error Invalid(std::string detail) { return MakeError(ErrorCode::kTokenInvalid, std::move(detail)); }

// JSON integers only (no fractions or exponents that parse as doubles).
std::optional<int64_t> AsInt(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= uint64_t(std::numeric_limits<int64_t>::max())) {
    return static_cast<int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

}  // namespace

JwtAccessTokenCodec::JwtAccessTokenCodec(JwsSigner signer, JwsVerifier verifier, std::string issuer,
                                         int64_t leeway_seconds)
    : signer_(std::move(signer)),
      verifier_(std::move(verifier)),
      issuer_(std::move(issuer)),
      leeway_(leeway_seconds) {
  if (issuer_.empty()) throw std::invalid_argument("JWT issuer must not be empty");
  if (leeway_ < 0 || leeway_ > kMaxLeewaySeconds) {
    throw std::invalid_argument("JWT leeway must be within [0, 300] seconds");
  }
}

std::string JwtAccessTokenCodec::Encode(const core::AccessClaims& claims) {
  json::object payload;
  payload.reserve(10 + claims.extra.size());
  payload["iss"] = issuer_;
  payload["sub"] = claims.sub;
  payload["sid"] = claims.sid;
  payload["jti"] = claims.jti;
  payload["role"] = claims.role;
  if (!claims.cid.empty()) payload["cid"] = claims.cid;
  payload["iat"] = claims.iat;
  payload["exp"] = claims.exp;
  payload["auth_time"] = claims.auth_time;
  json::array amr;
  for (const std::string& method : claims.amr) amr.emplace_back(method);
  payload["amr"] = std::move(amr);
  for (const auto& [name, raw] : claims.extra) {
    if (IsRegistered(name) || payload.contains(name)) {
      throw std::invalid_argument("extra claim reuses a claim name: " + name);
    }
    boost::system::error_code ec;
    json::value value = json::parse(raw, ec);
    if (ec) throw std::invalid_argument("extra claim is not JSON: " + name);
    payload[name] = std::move(value);
  }
  return signer_.Sign(json::serialize(payload));
}

Result<core::AccessClaims> JwtAccessTokenCodec::Decode(std::string_view token, int64_t now) {
  Result<std::string> verified = verifier_.Verify(token);
  if (!verified) return verified.error();

  std::array<unsigned char, 4096> buffer;
  json::monotonic_resource arena(buffer.data(), buffer.size());
  boost::system::error_code ec;
  const json::value value = json::parse(*verified, ec, &arena);
  if (ec || !value.is_object()) return Invalid("token payload is not a JSON object");
  const json::object& obj = value.get_object();

  core::AccessClaims claims;
  auto string_claim = [&](std::string_view name, std::string& out, bool required) {
    const json::value* v = obj.if_contains(name);
    if (v == nullptr) return !required;
    if (!v->is_string()) return false;
    out.assign(v->get_string().data(), v->get_string().size());
    return true;
  };
  auto int_claim = [&](std::string_view name, int64_t& out, bool required) {
    const json::value* v = obj.if_contains(name);
    if (v == nullptr) return !required;
    const std::optional<int64_t> n = AsInt(*v);
    if (!n) return false;
    out = *n;
    return true;
  };
  int64_t nbf = std::numeric_limits<int64_t>::min();
  if (!string_claim("iss", claims.iss, true) || claims.iss != issuer_) {
    return Invalid("token issuer mismatch");
  }
  if (!string_claim("sub", claims.sub, true) || !string_claim("sid", claims.sid, true) ||
      !string_claim("jti", claims.jti, true) || !string_claim("role", claims.role, false) ||
      !string_claim("cid", claims.cid, false) || !int_claim("iat", claims.iat, true) ||
      !int_claim("exp", claims.exp, true) || !int_claim("nbf", nbf, false) ||
      !int_claim("auth_time", claims.auth_time, false)) {
    return Invalid("token claims malformed");
  }
  if (const json::value* amr = obj.if_contains("amr")) {
    if (!amr->is_array()) return Invalid("token claims malformed");
    for (const json::value& method : amr->get_array()) {
      if (!method.is_string()) return Invalid("token claims malformed");
      claims.amr.emplace_back(method.get_string());
    }
  }
  for (const auto& member : obj) {
    if (IsRegistered(member.key())) continue;
    claims.extra.emplace_back(std::string(member.key()), json::serialize(member.value()));
  }
  // now +/- leeway saturates rather than overflowing for absurd clocks.
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  const int64_t latest = now > max - leeway_ ? max : now + leeway_;
  const int64_t earliest = now < min + leeway_ ? min : now - leeway_;
  if (nbf > latest || claims.iat > latest) return Invalid("token not yet valid");
  if (claims.exp <= earliest) return MakeError(ErrorCode::kTokenExpired, "token expired");
  return claims;
}

}  // namespace portcullis::crypto
