// Writer: the group-commit loop; a failing job rolls back to its savepoint, a failed COMMIT all.
// Thread-safe: see writer.h.
#include "store/sqlite/writer.h"

#include <exception>
#include <utility>

#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

// A callback's exception must not take the writer thread down.
void Complete(Writer::Done& done, Status status) {
  try {
    done(std::move(status));
  } catch (...) {
  }
}

}  // namespace

Writer::Writer(std::unique_ptr<Connection> conn, std::size_t max_queue, Maintenance maintenance)
    : conn_(std::move(conn)), max_queue_(max_queue), maintenance_(std::move(maintenance)) {
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() { Stop(); }

void Writer::Submit(Job job, Done done) {
  Status refused;
  {
    MutexLock lock(mu_);
    if (stopping_) {
      ++rejected_;
      refused = MakeError(ErrorCode::kUnavailable, "store is shutting down");
    } else if (queue_.size() >= max_queue_) {
      ++rejected_;
      refused = OverloadedError(kName);
    } else {
      queue_.push_back(Pending{std::move(job), std::move(done)});
    }
  }
  if (!refused.ok()) {
    Complete(done, std::move(refused));
    return;
  }
  wake_.notify_one();
}

std::future<Status> Writer::Submit(Job job) {
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> future = promise->get_future();
  Submit(std::move(job), [promise](Status status) { promise->set_value(std::move(status)); });
  return future;
}

void Writer::Stop() {
  {
    MutexLock lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

Writer::Stats Writer::stats() const {
  return Stats{jobs_.load(), commits_.load(), failed_commits_.load()};
}

ExecutorStats Writer::queue_stats() const {
  MutexLock lock(mu_);
  return ExecutorStats{queue_.size(), running_.load(), rejected_};
}

void Writer::Loop() {
  thread_id_ = std::this_thread::get_id();
  std::vector<Pending> group;
  for (;;) {
    {
      MutexLock lock(mu_);
      lock.Wait(wake_, [&] {
        mu_.AssertHeld();
        return stopping_ || !queue_.empty();
      });
      if (queue_.empty()) break;  // stopping, and everything queued has run
      group.swap(queue_);
      running_.store(group.size());
    }
    RunGroup(group);
    group.clear();
    running_.store(0);
    if (maintenance_) maintenance_(*conn_);
  }
  thread_id_ = std::thread::id();
}

Status Writer::RunJob(const Job& job) {
  return conn_->InSavepoint("job", [&]() -> Status {
    try {
      return job(*conn_);
    } catch (const std::exception&) {
      return MakeError(ErrorCode::kInternal, "exception in a database job");
    } catch (...) {
      return MakeError(ErrorCode::kInternal, "exception in a database job");
    }
  });
}

void Writer::RunGroup(std::vector<Pending>& group) {
  std::vector<Status> results(group.size());
  std::size_t next = 0;
  // Normally one pass; a new transaction starts only when SQLite rolled the previous one back.
  while (next < group.size()) {
    if (Status begin = conn_->RunCached(sql::kBeginImmediate); !begin) {
      ++failed_commits_;
      for (; next < group.size(); ++next) results[next] = begin;
      break;
    }
    std::vector<std::size_t> applied;  // jobs whose writes wait for this transaction's COMMIT
    bool lost = false;
    while (next < group.size() && !lost) {
      results[next] = RunJob(group[next].job);
      ++jobs_;
      if (results[next].ok()) applied.push_back(next);
      lost = !conn_->in_transaction();
      ++next;
    }
    Status commit =
        lost ? Status(MakeError(ErrorCode::kUnavailable, "sqlite: transaction rolled back"))
             : conn_->RunCached(sql::kCommit);
    if (commit.ok()) {
      ++commits_;
    } else {
      ++failed_commits_;
      if (conn_->in_transaction()) static_cast<void>(conn_->RunCached(sql::kRollback));
      for (std::size_t i : applied) results[i] = commit;
    }
  }
  for (std::size_t i = 0; i < group.size(); ++i) Complete(group[i].done, std::move(results[i]));
}

}  // namespace portcullis::store::sqlite
