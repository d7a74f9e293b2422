// The settings of logging ([log]): the process log level and the access log, with their defaults.
// Built on each call; the values are read-only after start.
#pragma once

#include <string>

#include "common/options.h"

namespace portcullis::app {

struct LogOptions {
  std::string level = "info";  // trace, debug, info, warn, error
  bool access = true;          // one JSON line per request
};

// log.level, log.access.
options::Section<LogOptions> LogSection();

}  // namespace portcullis::app
