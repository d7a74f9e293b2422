// Libpq: the libpq functions this store calls, resolved from libpq.so.5 at run time (dlopen) the
// first time a PostgreSQL connection is opened — so a server on SQLite never maps libpq and the
// twenty libraries it pulls in (Kerberos, LDAP, SASL, GnuTLS: about 3 MB of idle RSS). Types and
// constants still come from <libpq-fe.h>. Loaded once (thread-safe); read-only afterwards.
#pragma once

#include <libpq-fe.h>

#include "common/status.h"

namespace portcullis::store::postgres {

struct Libpq {
  decltype(&::PQconnectdbParams) connectdb_params;
  decltype(&::PQstatus) status;
  decltype(&::PQfinish) finish;
  decltype(&::PQerrorMessage) error_message;
  decltype(&::PQsocket) socket;
  decltype(&::PQconsumeInput) consume_input;
  decltype(&::PQtransactionStatus) transaction_status;
  decltype(&::PQexec) exec;
  decltype(&::PQprepare) prepare;
  decltype(&::PQexecPrepared) exec_prepared;
  decltype(&::PQenterPipelineMode) enter_pipeline_mode;
  decltype(&::PQexitPipelineMode) exit_pipeline_mode;
  decltype(&::PQsendQueryParams) send_query_params;
  decltype(&::PQsendQueryPrepared) send_query_prepared;
  decltype(&::PQpipelineSync) pipeline_sync;
  decltype(&::PQgetResult) get_result;
  decltype(&::PQresultStatus) result_status;
  decltype(&::PQresultErrorField) result_error_field;
  decltype(&::PQclear) clear;
  decltype(&::PQcmdStatus) cmd_status;
  decltype(&::PQcmdTuples) cmd_tuples;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQgetisnull) getisnull;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQgetlength) getlength;
};

// Loads libpq.so.5 and resolves every function (once; later calls return the first outcome).
// kUnavailable naming the library when it is missing (Debian: libpq5).
Status LoadLibpq();

// The resolved functions. Only after LoadLibpq() returned ok (every Connection exists after it).
const Libpq& pq();

}  // namespace portcullis::store::postgres
