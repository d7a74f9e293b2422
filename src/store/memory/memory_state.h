// MemoryState: in-memory tables (users, sessions, MFA, events, tickets, outbox, companies, their
// permission model, service clients and linked identities), indexes, undo log.
// Not thread-safe: its owner (MemoryStore) guards every access with its mutex.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/company.h"
#include "core/credential.h"
#include "core/linked_identity.h"
#include "core/mail.h"
#include "core/mfa.h"
#include "core/one_time_ticket.h"
#include "core/permission.h"
#include "core/service_client.h"
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
  std::map<std::string, core::Company, std::less<>> companies;                      // by id
  std::map<std::string, core::Membership, std::less<>> memberships;  // by MembershipKey
  std::map<std::string, std::string, std::less<>> last_company;      // user id -> company id
  std::map<std::string, core::CompanyInvite, std::less<>> invites;   // by id
  std::map<std::string, core::Credential, std::less<>> credentials;  // by id
  struct PermissionNameRow {
    std::string company_id;
    core::PermissionNameKind kind = core::PermissionNameKind::kVerb;
    std::string name;
  };
  std::map<std::string, PermissionNameRow, std::less<>> permission_names;   // by PermissionNameKey
  std::map<std::string, core::PermissionGrant, std::less<>> grants;         // by id
  std::map<std::string, core::ServiceClient, std::less<>> service_clients;  // by id
  std::map<std::string, core::ClientSecret, std::less<>> client_secrets;    // by id
  std::map<std::string, core::TokenRevocation, std::less<>> token_revocations;  // by token id
  std::map<std::string, core::LinkedIdentity, std::less<>> identities;          // by id

  static std::string MembershipKey(std::string_view company_id, std::string_view user_id);
  static std::string PermissionNameKey(std::string_view company_id, core::PermissionNameKind kind,
                                       std::string_view name);

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
  // Erases every row of `map` for which `belongs(row)` holds, with undo; returns how many.
  template <class Map, class Belongs>
  int64_t EraseWhere(Map& map, Belongs belongs) {
    std::vector<std::string> keys;
    for (const auto& [key, row] : map) {
      if (belongs(row)) keys.push_back(key);
    }
    for (const auto& key : keys) Assign(map, key, std::nullopt);
    return static_cast<int64_t>(keys.size());
  }
  // Replaces every row of `map` for which `change(row)` returns true after changing its copy,
  // with undo (what the SQL backends' ON DELETE SET NULL does).
  template <class Map, class Change>
  void UpdateWhere(Map& map, Change change) {
    std::vector<std::pair<std::string, typename Map::mapped_type>> changed;
    for (const auto& [key, row] : map) {
      auto copy = row;
      if (change(copy)) changed.emplace_back(key, std::move(copy));
    }
    for (auto& [key, row] : changed) Assign(map, key, std::move(row));
  }
  // Deletes credentials for which `belongs` holds, with their grants (ON DELETE CASCADE).
  template <class Belongs>
  void EraseCredentialsWhere(Belongs belongs) {
    std::vector<std::string> ids;
    for (const auto& [id, credential] : credentials) {
      if (belongs(credential)) ids.push_back(id);
    }
    for (const auto& id : ids) EraseCredential(id);
  }
  // Deletes one credential with the grants whose subject it is.
  void EraseCredential(const std::string& id);
  // Deletes service clients for which `belongs` holds, with their secrets and the grants naming
  // them (ON DELETE CASCADE and the SQL backends' grant triggers).
  template <class Belongs>
  void EraseServiceClientsWhere(Belongs belongs) {
    std::vector<std::string> ids;
    for (const auto& [id, client] : service_clients) {
      if (belongs(client)) ids.push_back(id);
    }
    for (const auto& id : ids) EraseServiceClient(id);
  }
  void EraseServiceClient(const std::string& id);
  // Appends the event with the next seq (increasing; a rolled-back append leaves a gap).
  void AppendEvent(core::SecurityEvent event);
  // Erases the events with at < `at`, with undo; returns how many.
  int64_t EraseEventsBefore(int64_t at);

  // While a transaction is open every Put* records how to undo itself.
  void BeginTransaction();
  void Commit();
  void Rollback();
  // True when the open transaction changed something.
  bool HasChanges() const { return !undo_.empty(); }

 private:
  void SetUser(const std::string& id, const std::optional<core::User>& row);

  int64_t last_event_seq_ = 0;
  bool in_transaction_ = false;
  std::vector<std::function<void()>> undo_;
};

}  // namespace portcullis::store::memory
