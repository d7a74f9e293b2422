// dispatch_bench: measures how a request's hand-offs cost — I/O thread → worker → a group-commit
// writer queue → back — written four ways: blocking, posted completions, posted from the I/O
// thread without a worker hop, and C++20 coroutines on Asio. A development tool, not shipped.
//
// usage: http_dispatch_bench [seconds=5] [clients=32] [commit_us=300]
// Each of `clients` loops one request at a time (like wrk -c32). The writer takes everything
// queued, "commits" by sleeping commit_us (an fsync on this disk is ≈300 µs), then completes the
// group.
#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/executor_thread_pool.h"
#include "common/unique_function.h"

namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using portcullis::Executor;
using portcullis::ThreadPoolExecutor;
using portcullis::UniqueFunction;

// A writer-style queue: one thread, group commit, a completion callback per job.
class GroupWriter {
 public:
  explicit GroupWriter(std::chrono::microseconds commit) : commit_(commit) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~GroupWriter() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  void Submit(UniqueFunction<void()> done) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(done));
    }
    wake_.notify_one();
  }
  uint64_t groups() const { return groups_.load(); }

 private:
  void Loop() {
    std::vector<UniqueFunction<void()>> group;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        group.swap(queue_);
      }
      std::this_thread::sleep_for(commit_);  // the fsync
      ++groups_;
      for (auto& done : group) done();
      group.clear();
    }
  }
  const std::chrono::microseconds commit_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<UniqueFunction<void()>> queue_;
  bool stopping_ = false;
  std::atomic<uint64_t> groups_{0};
  std::thread thread_;
};

// The completion token form of GroupWriter::Submit, for coroutines: resumes on the awaiting
// coroutine's executor.
template <class Token>
auto AsyncCommit(GroupWriter& writer, Token&& token) {
  return asio::async_initiate<Token, void()>(
      [&writer](auto handler) {
        auto executor = asio::get_associated_executor(handler);
        writer.Submit([handler = std::move(handler), executor]() mutable {
          asio::post(executor, std::move(handler));
        });
      },
      token);
}

struct Run {
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<double> latencies_us;  // guarded by mu
  void Record(Clock::time_point start) {
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    std::lock_guard lock(mu);
    latencies_us.push_back(us);
  }
};

enum class Mode { kBlocking, kPosted, kPostedInline, kCoroutine };

// One client's loop for the callback-based modes: the "request" arrives on its I/O context.
void Request(Mode mode, asio::io_context& io, Executor& worker, GroupWriter& writer, Run& run) {
  if (run.stop.load()) return;
  const auto start = Clock::now();
  auto next = [mode, &io, &worker, &writer, &run, start] {
    run.Record(start);
    Request(mode, io, worker, writer, run);
  };
  auto back_to_io = [&io, next] { asio::post(io, next); };
  switch (mode) {
    case Mode::kBlocking: {
      Executor::Task task = [&writer, back_to_io] {
        std::promise<void> committed;
        writer.Submit([&committed] { committed.set_value(); });
        committed.get_future().wait();  // the worker blocks on the writer
        back_to_io();
      };
      if (!worker.TryPost(task)) std::abort();
      break;
    }
    case Mode::kPosted: {
      Executor::Task task = [&writer, back_to_io] { writer.Submit(back_to_io); };
      if (!worker.TryPost(task)) std::abort();
      break;
    }
    case Mode::kPostedInline:
      writer.Submit(back_to_io);  // the I/O thread hands the write over itself
      break;
    case Mode::kCoroutine:
      break;
  }
}

asio::awaitable<void> CoroutineClient(GroupWriter& writer, Run& run) {
  while (!run.stop.load()) {
    const auto start = Clock::now();
    co_await AsyncCommit(writer, asio::use_awaitable);
    run.Record(start);
  }
}

void Measure(const char* name, Mode mode, int seconds, int clients, int commit_us) {
  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<std::thread> io_threads;
  for (int i = 0; i < 2; ++i) ios.push_back(std::make_unique<asio::io_context>(1));
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (auto& io : ios) guards.push_back(asio::make_work_guard(*io));
  ThreadPoolExecutor worker({.name = "bench.worker", .threads = 32, .max_queued = 1024});
  Run run;
  {
    GroupWriter writer{std::chrono::microseconds(commit_us)};
    for (auto& io : ios) io_threads.emplace_back([&io] { io->run(); });
    for (int c = 0; c < clients; ++c) {
      asio::io_context& io = *ios[static_cast<std::size_t>(c) % ios.size()];
      if (mode == Mode::kCoroutine) {
        asio::co_spawn(io, CoroutineClient(writer, run), asio::detached);
      } else {
        asio::post(io,
                   [mode, &io, &worker, &writer, &run] { Request(mode, io, worker, writer, run); });
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    run.stop = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let loops wind down
    guards.clear();
    for (auto& t : io_threads) t.join();
    std::printf("%-28s", name);
    std::lock_guard lock(run.mu);
    auto& l = run.latencies_us;
    std::sort(l.begin(), l.end());
    const auto pct = [&](double p) {
      return l.empty() ? 0.0 : l[static_cast<std::size_t>(p * (l.size() - 1))];
    };
    std::printf("%10.0f ops/s  p50 %7.0f us  p99 %7.0f us  group %5.1f\n",
                static_cast<double>(l.size()) / seconds, pct(0.5), pct(0.99),
                writer.groups() ? static_cast<double>(l.size()) / writer.groups() : 0.0);
  }
  worker.Shutdown(ThreadPoolExecutor::Drain::kRunQueued);
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 32;
  const int commit_us = argc > 3 ? std::atoi(argv[3]) : 300;
  std::printf("%d clients, 2 I/O threads, 32 workers, commit %d us, %d s each\n", clients,
              commit_us, seconds);
  Measure("blocking (worker waits)", Mode::kBlocking, seconds, clients, commit_us);
  Measure("posted (worker → callback)", Mode::kPosted, seconds, clients, commit_us);
  Measure("posted from I/O, no worker", Mode::kPostedInline, seconds, clients, commit_us);
  Measure("coroutine (co_await)", Mode::kCoroutine, seconds, clients, commit_us);
  return 0;
}
