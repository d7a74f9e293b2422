// The overload error shared by every executor and queue.
// Pure function.
#include "common/executor.h"

#include <string>

namespace portcullis {

Error OverloadedError(std::string_view executor_name) {
  return MakeError(ErrorCode::kOverloaded,
                   std::string(executor_name) + " is at capacity; retry in a moment");
}

}  // namespace portcullis
