// CredentialUseRecorder: a map of pending uses and a timed loop around one store Write.
// Thread-safe as documented in credential_use_recorder.h.
#include "core/credential_use_recorder.h"

#include <utility>
#include <vector>

namespace portcullis::core {

CredentialUseRecorder::CredentialUseRecorder(Store& store, HealthListener listener)
    : store_(store), listener_(std::move(listener)) {}

CredentialUseRecorder::~CredentialUseRecorder() { Stop(); }

void CredentialUseRecorder::MergeLocked(const std::string& id, int64_t at) {
  auto [it, inserted] = pending_.try_emplace(id, at);
  if (!inserted && it->second < at) it->second = at;
}

bool CredentialUseRecorder::Record(std::string_view credential_id, int64_t at,
                                   int64_t stored_last_used_at) {
  constexpr int64_t kDay = 24 * 3600;
  const int64_t today = at / kDay;
  std::string id(credential_id);
  MutexLock lock(pending_mu_);
  MergeLocked(id, at);
  int64_t& announced = announced_day_[id];
  const bool first = stored_last_used_at / kDay < today && announced < today;
  if (first) announced = today;
  return first;
}

std::size_t CredentialUseRecorder::pending() const {
  MutexLock lock(pending_mu_);
  return pending_.size();
}

Status CredentialUseRecorder::Flush() {
  MutexLock flush_lock(flush_mu_);
  std::map<std::string, int64_t, std::less<>> taken;
  {
    MutexLock lock(pending_mu_);
    taken.swap(pending_);
  }
  if (taken.empty()) return Status::Ok();
  std::vector<CredentialUse> uses;
  uses.reserve(taken.size());
  for (const auto& [id, at] : taken) uses.push_back({id, at});
  Status written =
      store_.Write([&](Repositories& repos) { return repos.credentials().RecordUse(uses); });
  if (!written) {
    {
      MutexLock lock(pending_mu_);
      for (const auto& [id, at] : taken) MergeLocked(id, at);
    }
    if (!failing_ && listener_) listener_(written);
    failing_ = true;
    return written;
  }
  if (failing_ && listener_) listener_(Status::Ok());
  failing_ = false;
  return Status::Ok();
}

void CredentialUseRecorder::Start(std::chrono::milliseconds interval) { task_.Start(interval); }

void CredentialUseRecorder::Stop() {
  task_.Stop();
  (void)Flush();
}

}  // namespace portcullis::core
