// Declarations of the logging settings: names, checks, help and former flat names.
// Pure functions; thread-safe.
#include "app/log_settings.h"

namespace portcullis::app {

options::Section<LogOptions> LogSection() {
  options::Section<LogOptions> s("log", "Logging");
  s.Add("level", &LogOptions::level, "trace, debug, info, warn, error")
      .OneOf({"trace", "debug", "info", "warn", "error"})
      .Alias("log_level");
  s.Add("access", &LogOptions::access, "write one JSON line per request").Alias("access_log");
  return s;
}

}  // namespace portcullis::app
