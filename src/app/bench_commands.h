// The measuring subcommands bench/run.sh uses for the ceilings of its routes: bench-responder (the
// http/ layer alone) and bench-store (the services and store alone). Registered from main.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string_view>

#include "app/settings.h"

namespace portcullis::app {

struct ResponderOptions {
  uint16_t port = 0;          // 0: any free port (printed as "listening 127.0.0.1:PORT")
  bool verify_hs256 = false;  // also verify one HS256 access token per request
  bool beast = false;         // a plain Boost.Beast server instead of the http/ layer
};

struct StoreBenchOptions {
  int callers = 32;     // threads calling the services at once
  double seconds = 5;   // per measured operation; 0: only pre-fill
  int64_t prefill = 0;  // sessions to add before measuring (spread over prefill/1000 accounts)
};

// The subcommands and their parsed options; parsed() tells which one ran.
struct BenchCommands {
  CLI::App* responder = nullptr;
  CLI::App* store = nullptr;
  ResponderOptions responder_options;
  StoreBenchOptions store_options;
};

// Adds bench-responder and bench-store to `app`. The result must outlive app's parse.
std::unique_ptr<BenchCommands> AddBenchCommands(CLI::App& app);
// Runs the bench subcommand that was parsed and returns its exit code; -1 when none was.
int RunBenchCommand(const BenchCommands& commands, const Settings& settings);

// A minimal server on the project's own http/ layer, with settings.io_threads I/O threads, that
// answers a fixed 156-byte JSON object to GET and POST on every path, inline on the I/O threads
// and without an access log: the ceiling of a route that reads and answers small JSON. With
// verify_hs256 each request must carry "Authorization: Bearer <token>" with the token printed at
// start ("access_token ..."), verified with the project's JWT codec (401 otherwise). Runs until
// SIGTERM/SIGINT.
// With options.beast, runs BeastResponder instead.
int BenchResponder(const Settings& settings, const ResponderOptions& options);
// The same fixed answer from a plain Boost.Beast server (one io_context run by settings.io_threads
// threads, keep-alive, nothing else): the floor under the http/ layer. Runs until SIGTERM/SIGINT.
int BeastResponder(const Settings& settings, const ResponderOptions& options,
                   std::string_view body);

// Measures the services and the store alone, without HTTP: pre-fills `prefill` sessions, then
// runs SessionService::Refresh chains and AccountService::GetProfile with `callers` threads for
// `seconds` each, on the configured database (durable: the store's synchronous=FULL). Prints
// "name value" lines: prefill_sessions, prefill_seconds, refresh_per_second, refresh_p50_ms,
// refresh_p99_ms, refresh_errors, profile_per_second, profile_p50_ms, profile_p99_ms,
// profile_errors.
int BenchStore(const Settings& settings, const StoreBenchOptions& options);

}  // namespace portcullis::app
