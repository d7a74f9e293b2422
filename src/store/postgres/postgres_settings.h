// The settings of the PostgreSQL store ([postgres]): pool size and timeouts, declared against
// postgres::Options, whose initialisers are the defaults. Built on each call; values read-only.
#pragma once

#include "common/options.h"
#include "store/postgres/postgres_store.h"

namespace portcullis::store::postgres {

// postgres.pool_size, postgres.statement_timeout, postgres.connect_timeout (former flat names
// database_pool_size, database_statement_timeout, database_connect_timeout). Used only when
// `database` is a postgres:// URL.
options::Section<Options> PostgresSection();

}  // namespace portcullis::store::postgres
