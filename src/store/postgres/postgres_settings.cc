// Declarations of the PostgreSQL store's settings: names, bounds and help.
// Pure functions; thread-safe.
#include "store/postgres/postgres_settings.h"

namespace portcullis::store::postgres {

options::Section<Options> PostgresSection() {
  using std::chrono::seconds;
  options::Section<Options> s("postgres", "PostgreSQL store (database = postgres://...)");
  s.Add("pool_size", &Options::pool_size,
        "connections to PostgreSQL, and threads that run writes on them; 0 = two per core (at "
        "least 4)")
      .Between(std::size_t{0}, std::size_t{1000})
      .Alias("database_pool_size");
  s.Add("statement_timeout", &Options::statement_timeout,
        "seconds a statement may run before PostgreSQL cancels it (the request answers 503)")
      .Between(seconds(1), seconds(3600))
      .Alias("database_statement_timeout");
  s.Add("connect_timeout", &Options::connect_timeout,
        "seconds a connection attempt may take (at least 2)")
      .Between(seconds(2), seconds(600))
      .Alias("database_connect_timeout");
  return s;
}

}  // namespace portcullis::store::postgres
