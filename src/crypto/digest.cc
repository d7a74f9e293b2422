// SHA-256 and HMAC over OpenSSL 3 (EVP_MD / EVP_MAC), with per-thread caches of keyed HMAC
// contexts. Thread-safe: shared state is immutable; mutable contexts are thread_local.
#include "crypto/digest.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <array>
#include <atomic>
#include <stdexcept>

#include "common/hex.h"
#include "crypto/openssl_util.h"

namespace portcullis::crypto {
namespace {

[[noreturn]] void Fail(const char* what) {
  ossl::ClearErrors();
  throw std::runtime_error(what);
}

// Ids are never reused, so a cache entry cannot be mistaken for a later key at the same address.
std::atomic<uint64_t> next_key_id{1};

// A few keyed contexts per thread (a process uses a handful of HMAC keys); round-robin eviction.
struct ThreadMacCache {
  struct Entry {
    uint64_t id = 0;
    ossl::MacCtxPtr ctx;
  };
  std::array<Entry, 8> entries;
  std::size_t next = 0;
};
thread_local ThreadMacCache mac_cache;

struct ThreadMdCtx {
  ossl::MdCtxPtr ctx{EVP_MD_CTX_new()};
};
thread_local ThreadMdCtx md_ctx;

std::string OneShotHmac(const char* digest, std::string_view key, std::string_view data) {
  std::string out(HmacKey::kMaxMacSize, '\0');
  std::size_t len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                reinterpret_cast<unsigned char*>(out.data()), out.size(), &len) == nullptr) {
    Fail("HMAC failed");
  }
  out.resize(len);
  return out;
}

}  // namespace

std::string Sha256(std::string_view data) {
  EVP_MD_CTX* ctx = md_ctx.ctx.get();
  std::string out(32, '\0');
  unsigned int len = 0;
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx, ossl::Sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()), &len) != 1) {
    Fail("SHA-256 failed");
  }
  return out;
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  return OneShotHmac("SHA256", key, data);
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  return OneShotHmac("SHA1", key, data);
}

std::string HmacSha512(std::string_view key, std::string_view data) {
  return OneShotHmac("SHA512", key, data);
}

struct HmacKey::Impl {
  uint64_t id = 0;
  HmacHash hash = HmacHash::kSha256;
  std::size_t size = 0;
  ossl::MacCtxPtr prototype;  // keyed; only ever duplicated after construction
};

HmacKey::HmacKey(HmacHash hash, std::string_view key) {
  auto impl = std::make_shared<Impl>();
  impl->id = next_key_id.fetch_add(1);
  impl->hash = hash;
  impl->size = hash == HmacHash::kSha256 ? 32 : 64;
  impl->prototype.reset(EVP_MAC_CTX_new(ossl::Hmac()));
  if (!impl->prototype) Fail("EVP_MAC_CTX_new failed");
  char digest[] = "SHA256";
  char digest512[] = "SHA512";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       hash == HmacHash::kSha256 ? digest : digest512, 0),
      OSSL_PARAM_construct_end()};
  // A zero-length key is legal for HMAC, but EVP wants a non-null pointer.
  static const unsigned char kEmpty = 0;
  const auto* key_bytes =
      key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(impl->prototype.get(), key_bytes, key.size(), params) != 1) {
    Fail("HMAC key setup failed");
  }
  impl_ = std::move(impl);
}

HmacHash HmacKey::hash() const { return impl_->hash; }
std::size_t HmacKey::mac_size() const { return impl_->size; }

std::size_t HmacKey::ComputeInto(std::string_view data, unsigned char* out) const {
  EVP_MAC_CTX* ctx = nullptr;
  for (auto& entry : mac_cache.entries) {
    if (entry.id == impl_->id) {
      ctx = entry.ctx.get();
      break;
    }
  }
  if (ctx == nullptr) {
    ossl::MacCtxPtr dup(EVP_MAC_CTX_dup(impl_->prototype.get()));
    if (!dup) Fail("EVP_MAC_CTX_dup failed");
    auto& slot = mac_cache.entries[mac_cache.next++ % mac_cache.entries.size()];
    slot.id = impl_->id;
    slot.ctx = std::move(dup);
    ctx = slot.ctx.get();
  }
  std::size_t len = 0;
  // A null key re-initializes the context with the key it already holds.
  if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx, out, &len, kMaxMacSize) != 1 || len != impl_->size) {
    Fail("HMAC failed");
  }
  return len;
}

std::string HmacKey::Compute(std::string_view data) const {
  std::string out(impl_->size, '\0');
  ComputeInto(data, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

bool HmacKey::Verify(std::string_view data, std::string_view mac) const {
  if (mac.size() != impl_->size) return false;
  std::array<unsigned char, kMaxMacSize> expected;
  const std::size_t len = ComputeInto(data, expected.data());
  const bool equal = ConstantTimeEquals(
      std::string_view(reinterpret_cast<const char*>(expected.data()), len), mac);
  SecureWipe(expected.data(), expected.size());
  return equal;
}

}  // namespace portcullis::crypto
