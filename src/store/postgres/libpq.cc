// Libpq: dlopen of libpq.so.5 and dlsym of each function, once. Thread-safe (a function-local
// static initialised once); the table is read-only afterwards.
#include "store/postgres/libpq.h"

#include <dlfcn.h>

#include <string>

namespace portcullis::store::postgres {
namespace {

struct Loaded {
  Libpq functions{};
  Status status;
};

template <class F>
bool Resolve(void* library, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(library, name));
  return out != nullptr;
}

Loaded Load() {
  Loaded loaded;
  void* library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    loaded.status =
        MakeError(ErrorCode::kUnavailable,
                  "postgres: cannot load libpq.so.5 (install libpq5): " + std::string(dlerror()));
    return loaded;
  }
  Libpq& f = loaded.functions;
  const bool all =
      Resolve(library, "PQconnectdbParams", f.connectdb_params) &&
      Resolve(library, "PQstatus", f.status) && Resolve(library, "PQfinish", f.finish) &&
      Resolve(library, "PQerrorMessage", f.error_message) &&
      Resolve(library, "PQsocket", f.socket) &&
      Resolve(library, "PQconsumeInput", f.consume_input) &&
      Resolve(library, "PQtransactionStatus", f.transaction_status) &&
      Resolve(library, "PQexec", f.exec) && Resolve(library, "PQprepare", f.prepare) &&
      Resolve(library, "PQexecPrepared", f.exec_prepared) &&
      Resolve(library, "PQenterPipelineMode", f.enter_pipeline_mode) &&
      Resolve(library, "PQexitPipelineMode", f.exit_pipeline_mode) &&
      Resolve(library, "PQsendQueryParams", f.send_query_params) &&
      Resolve(library, "PQsendQueryPrepared", f.send_query_prepared) &&
      Resolve(library, "PQpipelineSync", f.pipeline_sync) &&
      Resolve(library, "PQgetResult", f.get_result) &&
      Resolve(library, "PQresultStatus", f.result_status) &&
      Resolve(library, "PQresultErrorField", f.result_error_field) &&
      Resolve(library, "PQclear", f.clear) && Resolve(library, "PQcmdStatus", f.cmd_status) &&
      Resolve(library, "PQcmdTuples", f.cmd_tuples) && Resolve(library, "PQntuples", f.ntuples) &&
      Resolve(library, "PQgetisnull", f.getisnull) && Resolve(library, "PQgetvalue", f.getvalue) &&
      Resolve(library, "PQgetlength", f.getlength);
  if (!all) {
    loaded.status = MakeError(ErrorCode::kUnavailable,
                              "postgres: libpq.so.5 lacks a function this build needs (libpq 14 "
                              "or newer is required)");
  }
  return loaded;  // the library stays loaded for the process's lifetime
}

const Loaded& Instance() {
  static const Loaded loaded = Load();
  return loaded;
}

}  // namespace

Status LoadLibpq() { return Instance().status; }

const Libpq& pq() { return Instance().functions; }

}  // namespace portcullis::store::postgres
