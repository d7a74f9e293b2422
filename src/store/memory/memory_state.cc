// MemoryState: row writes that keep the unique indexes and the transaction undo log up to date.
// Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_state.h"

#include <cassert>
#include <utility>

namespace portcullis::store::memory {

void MemoryState::SetUser(const std::string& id, const std::optional<core::User>& row) {
  if (auto it = users.find(id); it != users.end()) {
    user_id_by_email.erase(it->second.email);
    if (it->second.username) user_id_by_username.erase(*it->second.username);
    users.erase(it);
  }
  if (row) {
    users.emplace(id, *row);
    user_id_by_email.emplace(row->email, id);
    if (row->username) user_id_by_username.emplace(*row->username, id);
  }
}

void MemoryState::PutUser(const core::User& user) {
  if (in_transaction_) {
    std::optional<core::User> before;
    if (auto it = users.find(user.id); it != users.end()) before = it->second;
    undo_.push_back([this, id = user.id, before = std::move(before)] { SetUser(id, before); });
  }
  SetUser(user.id, user);
}

void MemoryState::EraseUser(const std::string& id) {
  auto it = users.find(id);
  if (it == users.end()) return;
  if (in_transaction_) {
    undo_.push_back([this, id, before = it->second] { SetUser(id, before); });
  }
  SetUser(id, std::nullopt);
}

void MemoryState::PutSession(const core::Session& session) {
  if (in_transaction_) {
    std::optional<core::Session> before;
    if (auto it = sessions.find(session.id); it != sessions.end()) before = it->second;
    undo_.push_back([this, id = session.id, before = std::move(before)] {
      if (before) {
        sessions.insert_or_assign(id, *before);
      } else {
        sessions.erase(id);
      }
    });
  }
  sessions.insert_or_assign(session.id, session);
}

std::string MemoryState::MembershipKey(std::string_view company_id, std::string_view user_id) {
  std::string key(company_id);
  key += '\n';
  key += user_id;
  return key;
}

std::string MemoryState::PermissionNameKey(std::string_view company_id,
                                           core::PermissionNameKind kind, std::string_view name) {
  std::string key(company_id);
  key += '\n';
  key += core::PermissionNameKindName(kind);
  key += '\n';
  key += name;
  return key;
}

void MemoryState::EraseCredential(const std::string& id) {
  auto it = credentials.find(id);
  if (it == credentials.end()) return;
  const core::GrantSubject subject{it->second.kind == core::CredentialKind::kApiKey
                                       ? core::GrantSubjectType::kApiKey
                                       : core::GrantSubjectType::kToken,
                                   id};
  EraseWhere(grants, [&](const core::PermissionGrant& g) { return g.subject == subject; });
  Assign(credentials, id, std::nullopt);
}

void MemoryState::EraseServiceClient(const std::string& id) {
  if (!service_clients.contains(id)) return;
  const core::GrantSubject subject{core::GrantSubjectType::kClient, id};
  EraseWhere(grants, [&](const core::PermissionGrant& g) { return g.subject == subject; });
  EraseWhere(client_secrets, [&](const core::ClientSecret& s) { return s.client_id == id; });
  Assign(service_clients, id, std::nullopt);
}

void MemoryState::AppendEvent(core::SecurityEvent event) {
  event.seq = ++last_event_seq_;
  if (in_transaction_) undo_.push_back([this] { events.pop_back(); });
  events.push_back(std::move(event));
}

int64_t MemoryState::EraseEventsBefore(int64_t at) {
  std::vector<core::SecurityEvent> kept;
  for (const auto& event : events) {
    if (event.at >= at) kept.push_back(event);
  }
  const auto erased = static_cast<int64_t>(events.size() - kept.size());
  if (erased == 0) return 0;
  if (in_transaction_) undo_.push_back([this, before = events] { events = before; });
  events = std::move(kept);
  return erased;
}

void MemoryState::BeginTransaction() {
  assert(!in_transaction_);
  in_transaction_ = true;
  undo_.clear();
}

void MemoryState::Commit() {
  assert(in_transaction_);
  in_transaction_ = false;
  undo_.clear();
}

void MemoryState::Rollback() {
  assert(in_transaction_);
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) (*it)();
  in_transaction_ = false;
  undo_.clear();
}

}  // namespace portcullis::store::memory
