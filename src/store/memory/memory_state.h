// MemoryState: in-memory tables (users, sessions, refresh tokens), unique indexes, undo log.
// Not thread-safe: its owner (MemoryStore) guards every access with its mutex.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

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
  std::map<std::string, core::RefreshToken, std::less<>> tokens;        // by hash

  // Inserts or replaces a row (keyed by its id/hash). The caller has checked every constraint.
  void PutUser(const core::User& user);
  void PutSession(const core::Session& session);
  void PutToken(const core::RefreshToken& token);

  // While a transaction is open every Put* records how to undo itself.
  void BeginTransaction();
  void Commit();
  void Rollback();

 private:
  void SetUser(const std::string& id, const std::optional<core::User>& row);

  bool in_transaction_ = false;
  std::vector<std::function<void()>> undo_;
};

}  // namespace portcullis::store::memory
