// Argon2id via argon2_ctx with allocate/free callbacks that lend the thread's Argon2Buffer; PHC
// codec. Thread-safe: the bound buffer is reached through a thread_local pointer only.
#include "crypto/argon2_core.h"

#include <argon2.h>

#include <charconv>
#include <cstdlib>
#include <limits>

#include "crypto/base64url.h"

namespace portcullis::crypto {
namespace {

thread_local Argon2Buffer* bound_buffer = nullptr;

// C callbacks: must not throw. Without a bound buffer they fall back to a one-off allocation.
int AllocateMemory(uint8_t** memory, std::size_t bytes) noexcept {
  *memory = bound_buffer != nullptr ? bound_buffer->Acquire(bytes)
                                    : static_cast<uint8_t*>(std::malloc(bytes));
  return *memory != nullptr ? ARGON2_OK : ARGON2_MEMORY_ALLOCATION_ERROR;
}

void FreeMemory(uint8_t* memory, std::size_t /*bytes*/) noexcept {
  if (bound_buffer == nullptr) std::free(memory);  // a bound buffer is kept for the next hash
}

uint8_t* Bytes(std::string_view s) {
  // libargon2 takes non-const pointers but, with ARGON2_DEFAULT_FLAGS, never writes through them.
  return reinterpret_cast<uint8_t*>(const_cast<char*>(s.data()));
}

// Parses "<prefix><decimal>" at the front of `in`, advancing it.
bool TakeNumber(std::string_view& in, std::string_view prefix, uint32_t& out) {
  if (in.substr(0, prefix.size()) != prefix) return false;
  in.remove_prefix(prefix.size());
  const char* begin = in.data();
  const char* end = in.data() + in.size();
  if (begin == end || *begin < '0' || *begin > '9') return false;
  if (*begin == '0' && end - begin > 1 && begin[1] >= '0' && begin[1] <= '9') return false;
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc()) return false;
  in.remove_prefix(static_cast<std::size_t>(ptr - begin));
  return true;
}

}  // namespace

Argon2Buffer::~Argon2Buffer() { std::free(data_); }

uint8_t* Argon2Buffer::Acquire(std::size_t bytes) {
  if (bytes > capacity_) {
    std::free(data_);
    capacity_ = 0;
    data_ = static_cast<uint8_t*>(std::malloc(bytes));
    if (data_ == nullptr) return nullptr;
    capacity_ = bytes;
  }
  return data_;
}

ScopedArgon2Buffer::ScopedArgon2Buffer(Argon2Buffer& buffer) { bound_buffer = &buffer; }
ScopedArgon2Buffer::~ScopedArgon2Buffer() { bound_buffer = nullptr; }

Result<std::string> Argon2idRaw(const Argon2idInput& in) {
  constexpr std::size_t kMax = std::numeric_limits<uint32_t>::max();
  if (in.password.size() > kMax || in.salt.size() > kMax || in.secret.size() > kMax ||
      in.associated_data.size() > kMax || in.hash_len > 4096) {
    return MakeError(ErrorCode::kInvalidRequest, "argon2 input too long");
  }
  std::string out(in.hash_len, '\0');
  argon2_context ctx{};
  ctx.out = reinterpret_cast<uint8_t*>(out.data());
  ctx.outlen = in.hash_len;
  ctx.pwd = Bytes(in.password);
  ctx.pwdlen = static_cast<uint32_t>(in.password.size());
  ctx.salt = Bytes(in.salt);
  ctx.saltlen = static_cast<uint32_t>(in.salt.size());
  ctx.secret = in.secret.empty() ? nullptr : Bytes(in.secret);
  ctx.secretlen = static_cast<uint32_t>(in.secret.size());
  ctx.ad = in.associated_data.empty() ? nullptr : Bytes(in.associated_data);
  ctx.adlen = static_cast<uint32_t>(in.associated_data.size());
  ctx.t_cost = in.t_cost;
  ctx.m_cost = in.m_cost_kib;
  ctx.lanes = in.parallelism;
  ctx.threads = 1;  // parallelism comes from the worker pool, not per-hash threads
  ctx.version = ARGON2_VERSION_13;
  ctx.allocate_cbk = AllocateMemory;
  ctx.free_cbk = FreeMemory;
  ctx.flags = ARGON2_DEFAULT_FLAGS;
  const int rc = argon2_ctx(&ctx, Argon2_id);
  if (rc == ARGON2_OK) return out;
  if (rc == ARGON2_MEMORY_ALLOCATION_ERROR) {
    return MakeError(ErrorCode::kInternal, "argon2 memory allocation failed");
  }
  return MakeError(ErrorCode::kInvalidRequest, argon2_error_message(rc));
}

std::string EncodeArgon2idPhc(const Argon2idPhc& phc) {
  return "$argon2id$v=19$m=" + std::to_string(phc.m_cost_kib) + ",t=" + std::to_string(phc.t_cost) +
         ",p=" + std::to_string(phc.parallelism) + "$" + Base64NoPadEncode(phc.salt) + "$" +
         Base64NoPadEncode(phc.hash);
}

std::optional<Argon2idPhc> ParseArgon2idPhc(std::string_view in) {
  constexpr std::string_view kPrefix = "$argon2id$v=19";
  if (in.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  in.remove_prefix(kPrefix.size());
  Argon2idPhc phc;
  if (!TakeNumber(in, "$m=", phc.m_cost_kib) || !TakeNumber(in, ",t=", phc.t_cost) ||
      !TakeNumber(in, ",p=", phc.parallelism) || in.empty() || in.front() != '$') {
    return std::nullopt;
  }
  in.remove_prefix(1);
  const std::size_t dollar = in.find('$');
  if (dollar == std::string_view::npos) return std::nullopt;
  std::optional<std::string> salt = Base64NoPadDecode(in.substr(0, dollar));
  std::optional<std::string> hash = Base64NoPadDecode(in.substr(dollar + 1));
  if (!salt || !hash || salt->size() < ARGON2_MIN_SALT_LENGTH || hash->size() < ARGON2_MIN_OUTLEN) {
    return std::nullopt;
  }
  phc.salt = std::move(*salt);
  phc.hash = std::move(*hash);
  return phc;
}

}  // namespace portcullis::crypto
