// RevocationList: the port that makes a revocation immediate — sessions revoked while their access
// tokens may still be alive, consulted on every authenticated request. Implementations are
// thread-safe; Contains must never block (no lock a writer can hold, no I/O).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace portcullis::core {

struct Revocation {
  std::string session_id;
  int64_t forget_after = 0;  // epoch seconds; after it the session's access tokens are dead anyway
};

// The in-process implementation is InProcessRevocationList; a cross-node one (publishing each Add
// to the other nodes and applying theirs, e.g. through Redis and a database poll) wraps it.
class RevocationList {
 public:
  virtual ~RevocationList() = default;

  // Remembers each session as revoked until its `forget_after` (a later time wins over an earlier
  // one); may forget entries whose time is before `now`. Visible to Contains on every thread once
  // Add returns.
  virtual void Add(std::span<const Revocation> revocations, int64_t now) = 0;
  // Whether the session was revoked (and is not yet forgotten). Called on every authenticated
  // request: lock-free and cheap.
  virtual bool Contains(std::string_view session_id) const = 0;

  void Add(std::string session_id, int64_t forget_after, int64_t now) {
    const Revocation one{std::move(session_id), forget_after};
    Add(std::span<const Revocation>(&one, 1), now);
  }
};

}  // namespace portcullis::core
