// Builds the EphemeralStore from the `ephemeral` setting. Called once at start from one thread;
// the Redis store's availability messages are logged from its I/O thread.
#include "app/ephemeral_factory.h"

#include <string>

#include "app/logging.h"
#include "store/redis/redis_ephemeral_store.h"

namespace portcullis::app {

Result<std::unique_ptr<core::EphemeralStore>> MakeSharedEphemeralStore(const Settings& settings) {
  if (settings.ephemeral != "redis") return std::unique_ptr<core::EphemeralStore>();
  const std::string where = store::redis::RedisUrlForDisplay(settings.redis);  // no password
  auto on_availability = [where](bool up, std::string_view why) {
    if (up) {
      LogInfo("redis " + where + " is available again");
    } else {
      LogWarn("redis " + where + " is unavailable (" + std::string(why) +
              "): rate limits count on this node, revocations travel by the database poll");
    }
  };
  return std::unique_ptr<core::EphemeralStore>(
      std::make_unique<store::redis::RedisEphemeralStore>(settings.redis, on_availability));
}

}  // namespace portcullis::app
