// `portcullis bench-store`: refresh rotations and profile reads through the services and the store
// alone, the ceiling bench/run.sh measures the HTTP routes against. Main thread plus the callers.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "app/bench_commands.h"
#include "app/services.h"
#include "common/status_macros.h"

namespace portcullis::app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kSessionsPerPrefillAccount = 1000;
constexpr int kPrefillThreads = 128;  // enough writes queued for large group commits
const core::ClientInfo kClient{"127.0.0.1", "portcullis-bench-store"};
const char kPassword[] = "correct horse battery staple";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs fn(thread_index) on `threads` threads and joins them.
template <class Fn>
void OnThreads(int threads, Fn fn) {
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) pool.emplace_back([&fn, i] { fn(i); });
  for (auto& t : pool) t.join();
}

// Unique per process and call: bench-TAG-<start nanoseconds>-<n>@example.com.
// Opens a session for `user` as a login does: prepared by the service, stored in one write.
Result<core::IssuedTokens> OpenSession(Services& services, const core::User& user) {
  ASSIGN_OR_RETURN(core::NewSession fresh, services.sessions().Prepare(user, "pwd", kClient));
  RETURN_IF_ERROR(services.store().Write(
      [&](core::Repositories& repos) { return repos.sessions().Create(fresh.session); }));
  return services.sessions().Issue(user, fresh.session, std::move(fresh.refresh_plaintext),
                                   std::nullopt);
}

Result<core::User> NewAccount(Services& services, const std::string& tag) {
  static const auto run = std::chrono::system_clock::now().time_since_epoch().count();
  static std::atomic<int64_t> n{0};
  core::Registration registration;
  registration.email =
      "bench-" + tag + "-" + std::to_string(run) + "-" + std::to_string(n++) + "@example.com";
  registration.password = kPassword;
  return services.accounts().CreateUser(registration);
}

// Adds `count` sessions over count/1000 new accounts; many callers at once, so the store's writer
// commits them in large groups.
Status Prefill(Services& services, int64_t count) {
  const int64_t accounts = std::max<int64_t>(1, count / kSessionsPerPrefillAccount);
  std::vector<core::User> users(static_cast<std::size_t>(accounts));
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> failures{0};
  std::string first_error;
  std::atomic_flag error_taken;
  auto note = [&](const Error& error) {
    ++failures;
    if (!error_taken.test_and_set()) first_error = error.detail;
  };
  OnThreads(4, [&](int) {
    for (int64_t i; (i = next++) < accounts;) {
      auto user = NewAccount(services, "prefill");
      if (user)
        users[static_cast<std::size_t>(i)] = std::move(*user);
      else
        note(user.error());
    }
  });
  if (failures > 0) return MakeError(ErrorCode::kInternal, "prefill accounts: " + first_error);
  next = 0;
  OnThreads(kPrefillThreads, [&](int) {
    for (int64_t i; (i = next++) < count;) {
      const auto& user = users[static_cast<std::size_t>(i % accounts)];
      if (auto opened = OpenSession(services, user); !opened) {
        note(opened.error());
      }
    }
  });
  if (failures > 0) return MakeError(ErrorCode::kInternal, "prefill sessions: " + first_error);
  return Status::Ok();
}

struct Measured {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t errors = 0;
};

// Calls op(caller, state) on `callers` threads for `seconds`; op returns false on an error.
template <class State, class Op>
Measured Measure(int callers, double seconds, std::vector<State>& states, Op op) {
  std::vector<std::vector<float>> latencies(static_cast<std::size_t>(callers));
  std::atomic<int64_t> errors{0};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  OnThreads(callers, [&](int i) {
    auto& mine = latencies[static_cast<std::size_t>(i)];
    mine.reserve(1 << 16);
    while (Clock::now() < deadline) {
      const auto t0 = Clock::now();
      if (!op(states[static_cast<std::size_t>(i)])) ++errors;
      mine.push_back(static_cast<float>(SecondsSince(t0) * 1000));
    }
  });
  const double elapsed = SecondsSince(start);
  std::vector<float> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  Measured m;
  m.errors = errors;
  if (all.empty()) return m;
  std::sort(all.begin(), all.end());
  m.per_second = static_cast<double>(all.size()) / elapsed;
  m.p50_ms = all[all.size() / 2];
  m.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  return m;
}

void Print(const char* name, const Measured& m) {
  std::printf("%s_per_second %.0f\n%s_p50_ms %.3f\n%s_p99_ms %.3f\n%s_errors %lld\n", name,
              m.per_second, name, m.p50_ms, name, m.p99_ms, name, static_cast<long long>(m.errors));
}

Status Run(Services& services, const StoreBenchOptions& options) {
  if (options.prefill > 0) {
    const auto start = Clock::now();
    RETURN_IF_ERROR(Prefill(services, options.prefill));
    std::printf("prefill_sessions %lld\nprefill_seconds %.1f\n",
                static_cast<long long>(options.prefill), SecondsSince(start));
    std::fflush(stdout);
  }
  if (options.seconds <= 0) return Status::Ok();

  ASSIGN_OR_RETURN(core::User user, NewAccount(services, "store"));
  // One refresh chain per caller, as wrk's connections each hold one.
  std::vector<std::string> chains;
  for (int i = 0; i < options.callers; ++i) {
    ASSIGN_OR_RETURN(core::IssuedTokens tokens, OpenSession(services, user));
    chains.push_back(std::move(tokens.refresh_token));
  }
  Print("refresh", Measure(options.callers, options.seconds, chains, [&](std::string& token) {
          auto rotated = services.sessions().Refresh(token);
          if (rotated) {
            token = std::move(rotated->refresh_token);
            return true;
          }
          // Keep the chain going with a new session, outside the figure's purpose but rare.
          if (auto opened = OpenSession(services, user)) {
            token = std::move(opened->refresh_token);
          }
          return false;
        }));
  std::vector<std::string> ids(static_cast<std::size_t>(options.callers), user.id);
  Print("profile", Measure(options.callers, options.seconds, ids, [&](const std::string& id) {
          return static_cast<bool>(services.accounts().GetProfile(id));
        }));
  return Status::Ok();
}

}  // namespace

int BenchStore(const Settings& settings, const StoreBenchOptions& options) {
  auto services = Services::Create(settings);
  if (!services) {
    std::cerr << "portcullis: " << services.error().detail << "\n";
    return 2;
  }
  if (Status ok = Run(**services, options); !ok) {
    std::cerr << "portcullis: bench-store: " << ok.error().detail << "\n";
    return 1;
  }
  return 0;
}

}  // namespace portcullis::app
