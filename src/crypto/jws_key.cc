// JwsKey over OpenSSL 3 (EVP_PKEY for RSA, P-256 and Ed25519; HmacKey for HS*), JWK import/export.
// Thread-safe: an Impl is immutable once built; OpenSSL allows concurrent use of an EVP_PKEY.
#include "crypto/jws_key.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <boost/json.hpp>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "crypto/base64url.h"
#include "crypto/digest.h"
#include "crypto/openssl_util.h"

namespace portcullis::crypto {

namespace json = boost::json;

struct JwsKey::Impl {
  std::string kid;
  JwsAlgorithm alg = JwsAlgorithm::kHs256;
  bool can_sign = false;
  std::size_t signature_size = 0;
  std::optional<HmacKey> hmac;  // HS*
  ossl::PkeyPtr pkey;           // RS256, ES256, EdDSA
};

namespace {

using ImplPtr = std::shared_ptr<const JwsKey::Impl>;

constexpr std::size_t kP256FieldSize = 32;
constexpr std::size_t kEd25519KeySize = 32;

// The P-256 group order n and ⌊n/2⌋, big-endian (SEC 2 §2.4.2). ECDSA accepts (r, s) and
// (r, n − s) alike; only the low one (s ≤ ⌊n/2⌋) is valid here, so a token has one signature.
constexpr unsigned char kP256Order[kP256FieldSize] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
constexpr unsigned char kP256HalfOrder[kP256FieldSize] = {
    0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xde, 0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31, 0x92, 0xa8};

// True when the fixed-width big-endian `s` is above ⌊n/2⌋.
bool IsHighS(std::string_view s) {
  return std::memcmp(s.data(), kP256HalfOrder, kP256FieldSize) > 0;
}

// n − s for a fixed-width big-endian s < n (the low form of a high s).
std::string NegateS(std::string_view s) {
  std::string out(kP256FieldSize, '\0');
  int borrow = 0;
  for (std::size_t i = kP256FieldSize; i-- > 0;) {
    int digit = kP256Order[i] - static_cast<unsigned char>(s[i]) - borrow;
    borrow = digit < 0 ? 1 : 0;
    out[i] = static_cast<char>(digit + (borrow << 8));
  }
  return out;
}

Error Invalid(std::string detail) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(detail));
}

Error OsslFailure(std::string detail) {
  ossl::ClearErrors();
  return MakeError(ErrorCode::kInvalidRequest, std::move(detail));
}

const char* ExpectedKeyType(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kRs256:
      return "an RSA key of at least 2048 bits";
    case JwsAlgorithm::kEs256:
      return "an EC P-256 key";
    case JwsAlgorithm::kEdDsa:
      return "an Ed25519 key";
    default:
      return "a secret";
  }
}

Status CheckKeyType(EVP_PKEY* pkey, JwsAlgorithm alg) {
  bool ok = false;
  switch (alg) {
    case JwsAlgorithm::kRs256:
      ok = EVP_PKEY_is_a(pkey, "RSA") == 1 && EVP_PKEY_get_bits(pkey) >= JwsKey::kMinRsaBits;
      break;
    case JwsAlgorithm::kEs256: {
      char group[64] = {};
      std::size_t len = 0;
      ok =
          EVP_PKEY_is_a(pkey, "EC") == 1 &&
          EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                         &len) == 1 &&
          (std::string_view(group, len) == "prime256v1" || std::string_view(group, len) == "P-256");
      break;
    }
    case JwsAlgorithm::kEdDsa:
      ok = EVP_PKEY_is_a(pkey, "ED25519") == 1;
      break;
    case JwsAlgorithm::kHs256:
    case JwsAlgorithm::kHs512:
      ok = false;
      break;
  }
  ossl::ClearErrors();
  if (!ok) {
    return Invalid(std::string(JwsAlgorithmName(alg)) + " needs " + ExpectedKeyType(alg));
  }
  return Status::Ok();
}

// Type check, mathematical validation (point on curve, RSA consistency, key pair match), then wrap.
Result<ImplPtr> Finish(std::string kid, JwsAlgorithm alg, ossl::PkeyPtr pkey, bool priv) {
  if (Status type = CheckKeyType(pkey.get(), alg); !type.ok()) return type.error();
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!ctx) return OsslFailure("cannot check key");
  const int valid = priv ? EVP_PKEY_check(ctx.get()) : EVP_PKEY_public_check(ctx.get());
  if (valid != 1) return OsslFailure("key fails validation");
  auto impl = std::make_shared<JwsKey::Impl>();
  impl->kid = std::move(kid);
  impl->alg = alg;
  impl->can_sign = priv;
  impl->signature_size =
      alg == JwsAlgorithm::kRs256 ? static_cast<std::size_t>(EVP_PKEY_get_size(pkey.get())) : 64;
  impl->pkey = std::move(pkey);
  return ImplPtr(std::move(impl));
}

int NoPassphrase(char*, int, int, void*) { return -1; }  // never prompt on a terminal

Result<ossl::PkeyPtr> FromData(const char* type, int selection, OSSL_PARAM_BLD* bld) {
  ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1) {
    return OsslFailure("JWK parameters do not form a key");
  }
  return ossl::PkeyPtr(raw);
}

// Reads base64url members of a JWK; remembers whether any present member was malformed.
class JwkReader {
 public:
  explicit JwkReader(const json::object& obj) : obj_(obj) {}
  std::optional<std::string> Text(std::string_view name) {
    const json::value* v = obj_.if_contains(name);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string()) {
      bad_ = true;
      return std::nullopt;
    }
    return std::string(v->get_string());
  }
  std::optional<SecretBytes> Bytes(std::string_view name) {
    std::optional<std::string> text = Text(name);
    if (!text) return std::nullopt;
    std::optional<std::string> bytes = Base64UrlDecode(*text);
    if (!bytes) {
      bad_ = true;
      return std::nullopt;
    }
    return SecretBytes(std::move(*bytes));
  }
  bool bad() const { return bad_; }

 private:
  const json::object& obj_;
  bool bad_ = false;
};

bool PushBn(OSSL_PARAM_BLD* bld, const char* name, const SecretBytes& bytes,
            std::vector<ossl::BnPtr>& keep) {
  ossl::BnPtr bn = ossl::BnFromBytes(bytes.view());
  if (!bn || OSSL_PARAM_BLD_push_BN(bld, name, bn.get()) != 1) return false;
  keep.push_back(std::move(bn));  // the builder references the BIGNUM until to_param
  return true;
}

Result<ImplPtr> RsaFromJwk(std::string kid, JwsAlgorithm alg, JwkReader& r) {
  const auto n = r.Bytes("n"), e = r.Bytes("e"), d = r.Bytes("d");
  const auto p = r.Bytes("p"), q = r.Bytes("q"), dp = r.Bytes("dp"), dq = r.Bytes("dq"),
             qi = r.Bytes("qi");
  if (r.bad() || !n || !e) return Invalid("RSA JWK needs base64url n and e");
  const bool priv = d.has_value();
  if (priv && !(p && q && dp && dq && qi)) return Invalid("RSA private JWK needs p, q, dp, dq, qi");
  ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  std::vector<ossl::BnPtr> keep;
  bool ok = bld && PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_N, *n, keep) &&
            PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_E, *e, keep);
  if (ok && priv) {
    ok = PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_D, *d, keep) &&
         PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, *p, keep) &&
         PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, *q, keep) &&
         PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, *dp, keep) &&
         PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, *dq, keep) &&
         PushBn(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, *qi, keep);
  }
  if (!ok) return OsslFailure("cannot build RSA key");
  auto pkey = FromData("RSA", priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, bld.get());
  if (!pkey) return pkey.error();
  return Finish(std::move(kid), alg, std::move(pkey).value(), priv);
}

Result<ImplPtr> EcFromJwk(std::string kid, JwsAlgorithm alg, JwkReader& r) {
  const auto crv = r.Text("crv");
  const auto x = r.Bytes("x"), y = r.Bytes("y"), d = r.Bytes("d");
  if (r.bad() || crv != "P-256" || !x || !y) return Invalid("EC JWK needs crv P-256, x and y");
  if (x->size() != kP256FieldSize || y->size() != kP256FieldSize ||
      (d && d->size() != kP256FieldSize)) {
    return Invalid("EC JWK coordinates must be 32 bytes");
  }
  const std::string pub = std::string(1, '\x04') + std::string(x->view()) + std::string(y->view());
  char group[] = "prime256v1";
  ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  std::vector<ossl::BnPtr> keep;
  bool ok = bld &&
            OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
            OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                             pub.size()) == 1;
  if (ok && d) ok = PushBn(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, *d, keep);
  if (!ok) return OsslFailure("cannot build EC key");
  auto pkey = FromData("EC", d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, bld.get());
  if (!pkey) return pkey.error();
  return Finish(std::move(kid), alg, std::move(pkey).value(), d.has_value());
}

Result<ImplPtr> OkpFromJwk(std::string kid, JwsAlgorithm alg, JwkReader& r) {
  const auto crv = r.Text("crv");
  const auto x = r.Bytes("x"), d = r.Bytes("d");
  if (r.bad() || crv != "Ed25519" || !x) return Invalid("OKP JWK needs crv Ed25519 and x");
  if (x->size() != kEd25519KeySize || (d && d->size() != kEd25519KeySize)) {
    return Invalid("Ed25519 JWK keys must be 32 bytes");
  }
  const auto* x_bytes = reinterpret_cast<const unsigned char*>(x->view().data());
  ossl::PkeyPtr pkey(
      d ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>(d->view().data()),
                                       d->size())
        : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, x_bytes, x->size()));
  if (!pkey) return OsslFailure("cannot build Ed25519 key");
  if (d) {  // x must be the public key that d derives
    unsigned char derived[kEd25519KeySize];
    std::size_t len = sizeof(derived);
    if (EVP_PKEY_get_raw_public_key(pkey.get(), derived, &len) != 1 ||
        !ConstantTimeEquals(std::string_view(reinterpret_cast<char*>(derived), len), x->view())) {
      return OsslFailure("Ed25519 JWK x does not match d");
    }
  }
  return Finish(std::move(kid), alg, std::move(pkey), d.has_value());
}

Result<ossl::PkeyPtr> ReadPem(std::string_view pem, bool priv) {
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return OsslFailure("cannot read PEM");
  EVP_PKEY* raw = priv ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr)
                       : PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr);
  if (raw == nullptr) {
    return OsslFailure(priv ? "not an unencrypted PEM private key" : "not a PEM public key");
  }
  return ossl::PkeyPtr(raw);
}

std::string BnParam(const EVP_PKEY* pkey, const char* name, std::size_t width) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
    ossl::ClearErrors();
    throw std::runtime_error("cannot read public key parameter");
  }
  ossl::BnPtr bn(raw);
  return ossl::BnToBytes(bn.get(), width);
}

[[noreturn]] void LibraryFailure(const char* what) {
  ossl::ClearErrors();
  throw std::runtime_error(what);
}

}  // namespace

std::string_view JwsAlgorithmName(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kHs256:
      return "HS256";
    case JwsAlgorithm::kHs512:
      return "HS512";
    case JwsAlgorithm::kRs256:
      return "RS256";
    case JwsAlgorithm::kEs256:
      return "ES256";
    case JwsAlgorithm::kEdDsa:
      return "EdDSA";
  }
  return "";
}

std::optional<JwsAlgorithm> JwsAlgorithmFromName(std::string_view name) {
  for (JwsAlgorithm alg : {JwsAlgorithm::kHs256, JwsAlgorithm::kHs512, JwsAlgorithm::kRs256,
                           JwsAlgorithm::kEs256, JwsAlgorithm::kEdDsa}) {
    if (JwsAlgorithmName(alg) == name) return alg;
  }
  return std::nullopt;
}

bool IsHmacAlgorithm(JwsAlgorithm alg) {
  return alg == JwsAlgorithm::kHs256 || alg == JwsAlgorithm::kHs512;
}

Result<JwsKey> JwsKey::FromHmacSecret(std::string kid, JwsAlgorithm alg, std::string_view secret) {
  if (!IsHmacAlgorithm(alg)) return Invalid("a secret can only be an HS256 or HS512 key");
  if (secret.size() < kMinHmacSecretSize) {
    return Invalid("HMAC secret must be at least 32 bytes");
  }
  auto impl = std::make_shared<Impl>();
  impl->kid = std::move(kid);
  impl->alg = alg;
  impl->can_sign = true;
  impl->hmac.emplace(alg == JwsAlgorithm::kHs256 ? HmacHash::kSha256 : HmacHash::kSha512, secret);
  impl->signature_size = impl->hmac->mac_size();
  return JwsKey(std::move(impl));
}

Result<JwsKey> JwsKey::FromPrivatePem(std::string kid, JwsAlgorithm alg, std::string_view pem) {
  if (IsHmacAlgorithm(alg)) return Invalid("a PEM key cannot be an HMAC key");
  auto pkey = ReadPem(pem, /*priv=*/true);
  if (!pkey) return pkey.error();
  auto impl = Finish(std::move(kid), alg, std::move(pkey).value(), /*priv=*/true);
  if (!impl) return impl.error();
  return JwsKey(std::move(impl).value());
}

Result<JwsKey> JwsKey::FromPublicPem(std::string kid, JwsAlgorithm alg, std::string_view pem) {
  if (IsHmacAlgorithm(alg)) return Invalid("a PEM key cannot be an HMAC key");
  auto pkey = ReadPem(pem, /*priv=*/false);
  if (!pkey) return pkey.error();
  auto impl = Finish(std::move(kid), alg, std::move(pkey).value(), /*priv=*/false);
  if (!impl) return impl.error();
  return JwsKey(std::move(impl).value());
}

Result<JwsKey> JwsKey::FromJwk(std::string_view jwk_json, std::optional<JwsAlgorithm> alg) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(jwk_json, ec);
  if (ec || !parsed.is_object()) return Invalid("JWK is not a JSON object");
  const json::object& obj = parsed.get_object();
  JwkReader reader(obj);
  const auto kty = reader.Text("kty");
  const auto kid = reader.Text("kid");
  const auto alg_name = reader.Text("alg");
  if (reader.bad() || !kty) return Invalid("JWK needs a string kty");
  if (alg_name) {
    const auto named = JwsAlgorithmFromName(*alg_name);
    if (!named || (alg && *alg != *named)) return Invalid("JWK alg is unsupported or conflicting");
    alg = named;
  }
  if (!alg) {
    if (*kty == "RSA") alg = JwsAlgorithm::kRs256;
    if (*kty == "EC") alg = JwsAlgorithm::kEs256;
    if (*kty == "OKP") alg = JwsAlgorithm::kEdDsa;
  }
  if (!alg) return Invalid("JWK needs an algorithm");
  const bool kty_fits = (*kty == "oct" && IsHmacAlgorithm(*alg)) ||
                        (*kty == "RSA" && *alg == JwsAlgorithm::kRs256) ||
                        (*kty == "EC" && *alg == JwsAlgorithm::kEs256) ||
                        (*kty == "OKP" && *alg == JwsAlgorithm::kEdDsa);
  if (!kty_fits) return Invalid("JWK kty does not fit the algorithm");
  std::string key_id = kid.value_or("");
  if (*kty == "oct") {
    const auto k = reader.Bytes("k");
    if (reader.bad() || !k) return Invalid("oct JWK needs base64url k");
    return FromHmacSecret(std::move(key_id), *alg, k->view());
  }
  Result<ImplPtr> impl = *kty == "RSA"  ? RsaFromJwk(std::move(key_id), *alg, reader)
                         : *kty == "EC" ? EcFromJwk(std::move(key_id), *alg, reader)
                                        : OkpFromJwk(std::move(key_id), *alg, reader);
  if (!impl) return impl.error();
  return JwsKey(std::move(impl).value());
}

Result<SecretBytes> JwsKey::GeneratePrivatePem(JwsAlgorithm alg) {
  EVP_PKEY* raw = nullptr;
  switch (alg) {
    case JwsAlgorithm::kRs256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(kMinRsaBits));
      break;
    case JwsAlgorithm::kEs256:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case JwsAlgorithm::kEdDsa:
      raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
    case JwsAlgorithm::kHs256:
    case JwsAlgorithm::kHs512:
      return Invalid("HMAC keys are secrets, not PEM keys");
  }
  ossl::PkeyPtr pkey(raw);
  ossl::BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!pkey || !bio ||
      PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ossl::ClearErrors();
    return MakeError(ErrorCode::kInternal, "key generation failed");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return SecretBytes(std::string(data, static_cast<std::size_t>(len)));
}

const std::string& JwsKey::kid() const { return impl_->kid; }
JwsAlgorithm JwsKey::algorithm() const { return impl_->alg; }
bool JwsKey::can_sign() const { return impl_->can_sign; }

std::optional<std::string> JwsKey::PublicJwk() const {
  if (impl_->hmac) return std::nullopt;
  const EVP_PKEY* pkey = impl_->pkey.get();
  json::object jwk;
  switch (impl_->alg) {
    case JwsAlgorithm::kRs256:
      jwk["kty"] = "RSA";
      break;
    case JwsAlgorithm::kEs256:
      jwk["kty"] = "EC";
      break;
    default:
      jwk["kty"] = "OKP";
      break;
  }
  if (!impl_->kid.empty()) jwk["kid"] = impl_->kid;
  jwk["use"] = "sig";
  jwk["alg"] = JwsAlgorithmName(impl_->alg);
  switch (impl_->alg) {
    case JwsAlgorithm::kRs256:
      jwk["n"] = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_RSA_N, 0));
      jwk["e"] = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_RSA_E, 0));
      break;
    case JwsAlgorithm::kEs256:
      jwk["crv"] = "P-256";
      jwk["x"] = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_X, kP256FieldSize));
      jwk["y"] = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, kP256FieldSize));
      break;
    default: {
      unsigned char x[kEd25519KeySize];
      std::size_t len = sizeof(x);
      if (EVP_PKEY_get_raw_public_key(pkey, x, &len) != 1) {
        LibraryFailure("cannot read Ed25519 public key");
      }
      jwk["crv"] = "Ed25519";
      jwk["x"] = Base64UrlEncode(std::string_view(reinterpret_cast<char*>(x), len));
      break;
    }
  }
  return json::serialize(jwk);
}

std::string JwsKey::Sign(std::string_view signing_input) const {
  if (!impl_->can_sign) throw std::logic_error("JwsKey::Sign on a verification-only key");
  if (impl_->hmac) return impl_->hmac->Compute(signing_input);
  const auto* in = reinterpret_cast<const unsigned char*>(signing_input.data());
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  const EVP_MD* md = impl_->alg == JwsAlgorithm::kEdDsa ? nullptr : ossl::Sha256();
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, impl_->pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, in, signing_input.size()) != 1) {
    LibraryFailure("JWS signing failed");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                     signing_input.size()) != 1) {
    LibraryFailure("JWS signing failed");
  }
  sig.resize(len);
  if (impl_->alg != JwsAlgorithm::kEs256) return sig;
  // DER ECDSA-Sig-Value -> fixed-width r || s (RFC 7518 §3.4).
  const auto* der = reinterpret_cast<const unsigned char*>(sig.data());
  ossl::EcdsaSigPtr parsed(d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(sig.size())));
  if (!parsed) LibraryFailure("ECDSA signature conversion failed");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(parsed.get(), &r, &s);
  std::string low_s = ossl::BnToBytes(s, kP256FieldSize);
  if (IsHighS(low_s)) low_s = NegateS(low_s);
  return ossl::BnToBytes(r, kP256FieldSize) + low_s;
}

bool JwsKey::Verify(std::string_view signing_input, std::string_view signature,
                    EcdsaSignatures accepted) const {
  if (impl_->hmac) return impl_->hmac->Verify(signing_input, signature);
  if (signature.size() != impl_->signature_size) return false;
  std::string der_storage;
  std::string_view sig = signature;
  if (impl_->alg == JwsAlgorithm::kEs256) {  // r || s -> DER for OpenSSL
    if (accepted == EcdsaSignatures::kLowSOnly && IsHighS(signature.substr(kP256FieldSize))) {
      return false;
    }
    ossl::BnPtr r = ossl::BnFromBytes(signature.substr(0, kP256FieldSize));
    ossl::BnPtr s = ossl::BnFromBytes(signature.substr(kP256FieldSize));
    ossl::EcdsaSigPtr ecdsa(ECDSA_SIG_new());
    if (!r || !s || !ecdsa || ECDSA_SIG_set0(ecdsa.get(), r.get(), s.get()) != 1) {
      ossl::ClearErrors();
      return false;
    }
    r.release();  // owned by ecdsa now
    s.release();
    unsigned char* der = nullptr;
    const int der_len = i2d_ECDSA_SIG(ecdsa.get(), &der);
    if (der_len <= 0) {
      ossl::ClearErrors();
      return false;
    }
    der_storage.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(der_len));
    OPENSSL_free(der);
    sig = der_storage;
  }
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  const EVP_MD* md = impl_->alg == JwsAlgorithm::kEdDsa ? nullptr : ossl::Sha256();
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, impl_->pkey.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) == 1;
  if (!ok) ossl::ClearErrors();
  return ok;
}

}  // namespace portcullis::crypto
