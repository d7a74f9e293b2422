// Declarations of the Redis store's settings: names, bounds and help.
// Pure functions; thread-safe.
#include "store/redis/redis_settings.h"

namespace portcullis::store::redis {

options::Section<Options> RedisSection() {
  using std::chrono::milliseconds;
  options::Section<Options> s("redis", "Redis (when ephemeral = redis://...)");
  s.Add("key_prefix", &Options::key_prefix,
        "prefix of every key and channel (several deployments may share one Redis)");
  s.Add("command_timeout_ms", &Options::command_timeout,
        "milliseconds a Redis command may take; a later reply counts Redis as down (calls fail, "
        "the connection is rebuilt)")
      .Between(milliseconds(10), milliseconds(10000));
  s.Add("max_pending", &Options::max_pending,
        "Redis calls waiting for a reply at once; more fail at once as unavailable")
      .Between(std::size_t{1}, std::size_t{1000000});
  return s;
}

}  // namespace portcullis::store::redis
