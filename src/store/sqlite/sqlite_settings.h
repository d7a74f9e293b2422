// The settings of the SQLite store ([sqlite]): lock wait and checkpointing, declared against
// sqlite::Options, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include "common/options.h"
#include "store/sqlite/sqlite_store.h"

namespace portcullis::store::sqlite {

// sqlite.busy_timeout_ms, sqlite.checkpoint_interval_ms, sqlite.checkpoint_wal_pages. The number
// of read connections is not a setting: the app gives every thread that may read one.
options::Section<Options> SqliteSection();

}  // namespace portcullis::store::sqlite
