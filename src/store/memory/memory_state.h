// MemoryState: in-memory tables (users, sessions, MFA, events, tickets, outbox), indexes, undo log.
// Not thread-safe: its owner (MemoryStore) guards every access with its mutex.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/mail.h"
#include "core/mfa.h"
#include "core/one_time_ticket.h"
#include "core/session.h"
#include "core/user.h"

namespace portcullis::store::memory {

class MemoryState {
 public:
  // Rows by primary key. Read freely; write only through the Put* functions so that indexes and
  // the undo log stay right.
  std::map<std::string, core::User, std::less<>> users;                 // by id
  std::map<std::string, std::string, std::less<>> user_id_by_email;     // email -> id
  std::map<std::string, std::string, std::less<>> user_id_by_username;  // username -> id
  std::map<std::string, core::Session, std::less<>> sessions;           // by id
  struct RecoveryCodeRow {
    std::string hash;
    int64_t created_at = 0;
    std::optional<int64_t> used_at;
  };
  std::map<std::string, core::MfaState, std::less<>> mfa;                           // by user id
  std::map<std::string, std::vector<RecoveryCodeRow>, std::less<>> recovery_codes;  // by user id
  std::map<std::string, core::MfaTicket, std::less<>> tickets;                      // by hash
  std::vector<core::SecurityEvent> events;                                          // in order
  std::map<std::string, core::OneTimeTicket, std::less<>> one_time_tickets;         // by hash
  std::map<std::string, core::OutboxMessage, std::less<>> outbox;                   // by id

  // Inserts or replaces a row (keyed by its id/hash). The caller has checked every constraint.
  void PutUser(const core::User& user);
  // Erases the user row (and its index entries), with undo; the caller erases dependent rows.
  void EraseUser(const std::string& id);
  void PutSession(const core::Session& session);
  // Sets (or, with nullopt, erases) the row of `key` in one of the MFA maps, with undo.
  template <class Map>
  void Assign(Map& map, const std::string& key, std::optional<typename Map::mapped_type> row) {
    if (in_transaction_) {
      std::optional<typename Map::mapped_type> before;
      if (auto it = map.find(key); it != map.end()) before = it->second;
      undo_.push_back([&map, key, before = std::move(before)] {
        if (before) {
          map.insert_or_assign(key, *before);
        } else {
          map.erase(key);
        }
      });
    }
    if (row) {
      map.insert_or_assign(key, std::move(*row));
    } else {
      map.erase(key);
    }
  }
  void AppendEvent(const core::SecurityEvent& event);

  // While a transaction is open every Put* records how to undo itself.
  void BeginTransaction();
  void Commit();
  void Rollback();
  // True when the open transaction changed something.
  bool HasChanges() const { return !undo_.empty(); }

 private:
  void SetUser(const std::string& id, const std::optional<core::User>& row);

  bool in_transaction_ = false;
  std::vector<std::function<void()>> undo_;
};

}  // namespace portcullis::store::memory
