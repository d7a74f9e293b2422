// CrossNodeRevocationList: a RevocationList shared by every node — Add applies locally and
// publishes the batch on the EphemeralStore's broadcast channel; other nodes' batches arrive
// through a subscription and are applied locally. Thread-safe; Contains is the local list's.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "core/ports/ephemeral_store.h"
#include "core/revocation_list.h"

namespace portcullis::core {

// Broadcast is best effort (a message published while Redis is down is lost): a RevocationPoller
// over the same local list is the second path that bounds how long a lost message matters.
class CrossNodeRevocationList final : public RevocationList {
 public:
  static constexpr std::string_view kChannel = "revocations";

  // Subscribes at once. `node_id` tells this node's own messages apart (they are applied already);
  // `local`, `broadcast` and `clock` must outlive the list.
  CrossNodeRevocationList(RevocationList& local, EphemeralStore& broadcast, const Clock& clock,
                          std::string node_id);
  ~CrossNodeRevocationList() override;

  using RevocationList::Add;
  void Add(std::span<const Revocation> revocations, int64_t now) override;
  bool Contains(std::string_view session_id) const override { return local_.Contains(session_id); }

  // The message format, one per Add: "v1 NODE @FORGET_AFTER ID ID @FORGET_AFTER ID ...".
  static std::string Encode(std::string_view node_id, std::span<const Revocation> revocations);
  struct Decoded {
    std::string node_id;
    std::vector<Revocation> revocations;
  };
  // nullopt for a message this version does not understand (it is ignored).
  static std::optional<Decoded> Decode(std::string_view message);

 private:
  void Apply(const std::string& message);

  RevocationList& local_;
  EphemeralStore& broadcast_;
  const Clock& clock_;
  const std::string node_id_;
  std::unique_ptr<EphemeralStore::Subscription> subscription_;
};

}  // namespace portcullis::core
