// Internal to crypto/ (never include elsewhere): RAII owners for OpenSSL handles, algorithms.
// Owners are not shared between threads; fetched algorithms are immutable and thread-safe.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace portcullis::crypto::ossl {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<&EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<&EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<&EVP_MD_CTX_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, Deleter<&EVP_MAC_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<&BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<&BN_clear_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<&OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<&OSSL_PARAM_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<&ECDSA_SIG_free>>;

// Empties this thread's error queue, so one failure never shows up in an unrelated later call.
inline void ClearErrors() { ERR_clear_error(); }

// Algorithms fetched from the default provider once per process (implicit fetches cost per call).
// Throw std::runtime_error if the provider lacks them (a broken installation).
const EVP_MD* Sha256();
const EVP_MD* Sha512();
EVP_MAC* Hmac();

// Big-endian unsigned bytes of `bn`, left-padded with zeros to `width` (0: minimal length).
std::string BnToBytes(const BIGNUM* bn, std::size_t width = 0);
// nullptr when out of memory.
BnPtr BnFromBytes(std::string_view big_endian);

}  // namespace portcullis::crypto::ossl
