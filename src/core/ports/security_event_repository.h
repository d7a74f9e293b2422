// SecurityEventRepository: the port for the append-only security log. Implemented by
// store/{memory,sqlite,...}; behaviour defined by store/conformance/security_event_conformance.cc.
// Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/mfa.h"

namespace portcullis::core {

class SecurityEventRepository {
 public:
  virtual ~SecurityEventRepository() = default;
  virtual Status Append(const SecurityEvent& event) = 0;
  // The user's events, newest first, at most `limit`.
  virtual Result<std::vector<SecurityEvent>> ListForUser(std::string_view user_id,
                                                         int64_t limit) = 0;
};

}  // namespace portcullis::core
