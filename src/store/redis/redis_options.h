// The Redis store's options (where the server is, how long a command may take) and the parsing of
// `ephemeral = redis://[:password@]host:port/db`. Plain values and pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace portcullis::store::redis {

struct Options {
  // From the URL (`ephemeral`), not settings of their own.
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  std::string password;  // secret: never logged, never shown
  // [redis] settings.
  std::string key_prefix = "portcullis:";          // before every key and channel
  std::chrono::milliseconds command_timeout{250};  // a reply later than this: Redis is down
  std::size_t max_pending = 10000;                 // calls waiting for a reply; more fail at once
  std::chrono::milliseconds reconnect_min{100};    // backoff between attempts, doubling ...
  std::chrono::milliseconds reconnect_max{1000};   // ... up to this
};

// "redis://host:port/db" or "redis://:password@host:port/db" (port 6379 and db 0 when omitted)
// into `out`'s host, port, db and password. The reason on failure never repeats the password.
Status ParseRedisUrl(std::string_view url, Options& out);

// The URL without its password ("redis://:***@host:port/db"), for logs and `portcullis settings`.
std::string RedisUrlForDisplay(const Options& options);

}  // namespace portcullis::store::redis
