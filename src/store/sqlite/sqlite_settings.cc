// Declarations of the SQLite store's settings: names, bounds and help.
// Pure functions; thread-safe.
#include "store/sqlite/sqlite_settings.h"

namespace portcullis::store::sqlite {

options::Section<Options> SqliteSection() {
  using std::chrono::milliseconds;
  options::Section<Options> s("sqlite", "SQLite store");
  s.Add("busy_timeout_ms", &Options::busy_timeout,
        "milliseconds a connection waits for a database lock before failing")
      .Between(milliseconds(0), milliseconds(600000));
  s.Add("checkpoint_interval_ms", &Options::checkpoint_interval,
        "milliseconds between background WAL checkpoints")
      .Between(milliseconds(10), milliseconds(60000));
  s.Add("checkpoint_wal_pages", &Options::checkpoint_wal_pages,
        "WAL pages that trigger an early checkpoint (and, when still exceeded, a RESTART one)")
      .Between(100, 10000000);
  s.Add("user_cache_entries", &Options::user_cache_entries,
        "users kept in memory by id between reads (dropped when a user changes); 0 turns it off")
      .Between(std::size_t{0}, std::size_t{10000000});
  return s;
}

}  // namespace portcullis::store::sqlite
