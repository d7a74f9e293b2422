// SecurityEventRepository: the port for the append-only audit log. Implemented by
// store/{memory,sqlite,postgres}; behaviour defined by
// store/conformance/security_event_conformance.cc. Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/security_event.h"

namespace portcullis::core {

class SecurityEventRepository {
 public:
  virtual ~SecurityEventRepository() = default;
  // Assigns the event's seq (ignores the one given). kConflict when its id is taken.
  virtual Status Append(const SecurityEvent& event) = 0;
  // The user's events, newest first, at most `limit`.
  virtual Result<std::vector<SecurityEvent>> ListForUser(std::string_view user_id,
                                                         int64_t limit) = 0;
  // The events `query` selects, newest first (seq descending), at most query.limit. Stable under
  // concurrent appends: a later page (before_seq = the last seq seen) never repeats an event.
  virtual Result<std::vector<SecurityEvent>> List(const SecurityEventQuery& query) = 0;
  // Deletes the events before `at` (retention); returns how many.
  virtual Result<int64_t> PurgeBefore(int64_t at) = 0;
};

}  // namespace portcullis::core
