// Declarations of the Redis store's settings ([redis]); the server itself is `ephemeral`.
// Pure functions; thread-safe.
#pragma once

#include "common/options.h"
#include "store/redis/redis_options.h"

namespace portcullis::store::redis {

options::Section<Options> RedisSection();

}  // namespace portcullis::store::redis
