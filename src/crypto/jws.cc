// JWS compact signing and strict verification over JwsKey; header parsing with Boost.JSON.
// Thread-safe: signer and verifier are immutable after creation.
#include "crypto/jws.h"

#include <array>
#include <boost/json.hpp>
#include <optional>
#include <set>

#include "crypto/base64url.h"

namespace portcullis::crypto {

namespace json = boost::json;

namespace {

Error Invalid(std::string detail) { return MakeError(ErrorCode::kTokenInvalid, std::move(detail)); }

std::string ProtectedHeader(const JwsKey& key) {
  json::object header;
  header["alg"] = JwsAlgorithmName(key.algorithm());
  header["typ"] = "JWT";
  if (!key.kid().empty()) header["kid"] = key.kid();
  return json::serialize(header);
}

struct ParsedHeader {
  JwsAlgorithm alg = JwsAlgorithm::kHs256;
  std::optional<std::string> kid;
};

Result<ParsedHeader> ParseHeader(std::string_view header_b64) {
  const std::optional<std::string> text = Base64UrlDecode(header_b64);
  if (!text) return Invalid("malformed token header");
  std::array<unsigned char, 1024> buffer;
  json::monotonic_resource arena(buffer.data(), buffer.size());
  boost::system::error_code ec;
  const json::value value = json::parse(*text, ec, &arena);
  if (ec || !value.is_object()) return Invalid("malformed token header");
  const json::object& obj = value.get_object();
  if (obj.contains("crit")) return Invalid("unsupported critical header");
  const json::value* alg = obj.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return Invalid("token header lacks alg");
  const std::optional<JwsAlgorithm> parsed_alg = JwsAlgorithmFromName(alg->get_string());
  if (!parsed_alg) return Invalid("unsupported token algorithm");
  ParsedHeader header;
  header.alg = *parsed_alg;
  if (const json::value* kid = obj.if_contains("kid")) {
    if (!kid->is_string()) return Invalid("token kid is not a string");
    header.kid = std::string(kid->get_string());
  }
  if (const json::value* typ = obj.if_contains("typ"); typ != nullptr && !typ->is_string()) {
    return Invalid("token typ is not a string");
  }
  return header;
}

}  // namespace

Result<JwsSigner> JwsSigner::Create(JwsKey key) {
  if (!key.can_sign())
    return MakeError(ErrorCode::kInvalidRequest, "signing key has no private part");
  std::string header = Base64UrlEncode(ProtectedHeader(key)) + '.';
  return JwsSigner(std::move(key), std::move(header));
}

std::string JwsSigner::Sign(std::string_view payload_json) const {
  std::string out = header_b64_;
  out.reserve(header_b64_.size() + (payload_json.size() + 2) / 3 * 4 + 90);
  out += Base64UrlEncode(payload_json);
  const std::string signature = key_.Sign(out);
  out += '.';
  out += Base64UrlEncode(signature);
  return out;
}

JwsVerifier::JwsVerifier(std::vector<JwsKey> keys, EcdsaSignatures ecdsa)
    : keys_(std::move(keys)), ecdsa_(ecdsa) {
  for (const JwsKey& key : keys_)
    canonical_headers_.push_back(Base64UrlEncode(ProtectedHeader(key)));
}

Result<JwsVerifier> JwsVerifier::Create(std::vector<JwsKey> keys, EcdsaSignatures ecdsa) {
  if (keys.empty()) return MakeError(ErrorCode::kInvalidRequest, "no verification keys");
  std::set<std::string> kids;
  for (const JwsKey& key : keys) {
    if (!kids.insert(key.kid()).second) {
      return MakeError(ErrorCode::kInvalidRequest, "duplicate verification key id");
    }
  }
  return JwsVerifier(std::move(keys), ecdsa);
}

Result<std::string> JwsVerifier::Verify(std::string_view compact) const {
  if (compact.size() > kMaxTokenSize) return Invalid("token too large");
  const std::size_t dot1 = compact.find('.');
  if (dot1 == std::string_view::npos) return Invalid("malformed token");
  const std::size_t dot2 = compact.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || compact.find('.', dot2 + 1) != std::string_view::npos) {
    return Invalid("malformed token");
  }
  const std::string_view header_b64 = compact.substr(0, dot1);
  const std::string_view payload_b64 = compact.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_b64 = compact.substr(dot2 + 1);
  if (header_b64.empty() || payload_b64.empty() || signature_b64.empty()) {
    return Invalid("malformed token");
  }

  // Our own tokens carry exactly a canonical header, which names the key without JSON parsing.
  const JwsKey* exact = nullptr;
  for (std::size_t i = 0; i < keys_.size() && exact == nullptr; ++i) {
    if (canonical_headers_[i] == header_b64) exact = &keys_[i];
  }
  std::optional<ParsedHeader> header;
  if (exact == nullptr) {
    Result<ParsedHeader> parsed = ParseHeader(header_b64);
    if (!parsed) return parsed.error();
    header = std::move(parsed).value();
  }
  auto candidate = [&](const JwsKey& key) {
    if (exact != nullptr) return &key == exact;
    return key.algorithm() == header->alg && (!header->kid || key.kid() == *header->kid);
  };

  const std::optional<std::string> signature = Base64UrlDecode(signature_b64);
  if (!signature) return Invalid("malformed token signature");
  std::optional<std::string> payload = Base64UrlDecode(payload_b64);
  if (!payload) return Invalid("malformed token payload");
  const std::string_view signing_input = compact.substr(0, dot2);
  bool any_key = false;
  for (const JwsKey& key : keys_) {
    if (!candidate(key)) continue;
    any_key = true;
    if (key.Verify(signing_input, *signature, ecdsa_)) return std::move(*payload);
  }
  return Invalid(any_key ? "bad token signature" : "no key for token kid and alg");
}

std::string JwsVerifier::JwksJson() const {
  json::array keys;
  for (const JwsKey& key : keys_) {
    if (std::optional<std::string> jwk = key.PublicJwk()) keys.push_back(json::parse(*jwk));
  }
  json::object doc;
  doc["keys"] = std::move(keys);
  return json::serialize(doc);
}

}  // namespace portcullis::crypto
