// Process-wide OpenSSL algorithm objects and big-number conversions.
// Thread-safe: fetched once under static-initialization guarantees; the objects are immutable.
#include "crypto/openssl_util.h"

#include <stdexcept>

namespace portcullis::crypto::ossl {
namespace {

template <class T, class Fetch>
T* FetchOnce(Fetch fetch, const char* what) {
  T* fetched = fetch();
  if (fetched == nullptr) {
    ClearErrors();
    throw std::runtime_error(std::string("OpenSSL provider lacks ") + what);
  }
  return fetched;
}

}  // namespace

const EVP_MD* Sha256() {
  static EVP_MD* const md =
      FetchOnce<EVP_MD>([] { return EVP_MD_fetch(nullptr, "SHA256", nullptr); }, "SHA256");
  return md;
}

const EVP_MD* Sha512() {
  static EVP_MD* const md =
      FetchOnce<EVP_MD>([] { return EVP_MD_fetch(nullptr, "SHA512", nullptr); }, "SHA512");
  return md;
}

EVP_MAC* Hmac() {
  static EVP_MAC* const mac =
      FetchOnce<EVP_MAC>([] { return EVP_MAC_fetch(nullptr, "HMAC", nullptr); }, "HMAC");
  return mac;
}

std::string BnToBytes(const BIGNUM* bn, std::size_t width) {
  const int len = BN_num_bytes(bn);
  const std::size_t size = width == 0 ? static_cast<std::size_t>(len) : width;
  std::string out(size, '\0');
  if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) < 0) {
    ClearErrors();
    return {};
  }
  return out;
}

BnPtr BnFromBytes(std::string_view big_endian) {
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                         static_cast<int>(big_endian.size()), nullptr));
}

}  // namespace portcullis::crypto::ossl
