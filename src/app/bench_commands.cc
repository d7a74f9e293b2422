// Registers bench-responder and bench-store on the command line and runs the one that was parsed.
// Called from main's thread only.
#include "app/bench_commands.h"

namespace portcullis::app {

std::unique_ptr<BenchCommands> AddBenchCommands(CLI::App& app) {
  auto commands = std::make_unique<BenchCommands>();
  auto& r = commands->responder_options;
  commands->responder = app.add_subcommand(
      "bench-responder", "Serve a fixed JSON object on every path (the http/ layer's ceiling)");
  commands->responder->add_option("--port", r.port, "port on 127.0.0.1 (0: any free one)");
  commands->responder->add_flag("--verify-hs256", r.verify_hs256,
                                "verify one HS256 access token per request");
  commands->responder->add_flag("--beast", r.beast,
                                "a plain Boost.Beast server instead of the http/ layer");

  auto& s = commands->store_options;
  commands->store = app.add_subcommand(
      "bench-store", "Measure refresh rotations and profile reads on the services and store alone");
  commands->store->add_option("--callers", s.callers, "concurrent callers")
      ->check(CLI::Range(1, 1024));
  commands->store->add_option("--seconds", s.seconds, "per operation; 0: pre-fill only")
      ->check(CLI::Range(0.0, 600.0));
  commands->store->add_option("--prefill", s.prefill, "sessions to add first")
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  return commands;
}

int RunBenchCommand(const BenchCommands& commands, const Settings& settings) {
  if (commands.responder->parsed()) return BenchResponder(settings, commands.responder_options);
  if (commands.store->parsed()) return BenchStore(settings, commands.store_options);
  return -1;
}

}  // namespace portcullis::app
