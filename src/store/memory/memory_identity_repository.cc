// MemoryIdentityRepository: linked identities in a MemoryState, unique by id and by (provider,
// subject) as the SQL backends keep them. Not thread-safe: the caller holds the store's mutex.
#include "store/memory/memory_identity_repository.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace portcullis::store::memory {
namespace {

Error IdentityNotFound() { return MakeError(ErrorCode::kNotFound, "identity"); }

}  // namespace

Status MemoryIdentityRepository::Insert(const core::LinkedIdentity& identity) {
  if (state_.identities.contains(identity.id)) return MakeError(ErrorCode::kConflict, "identity");
  for (const auto& [id, linked] : state_.identities) {
    if (linked.provider == identity.provider && linked.subject == identity.subject) {
      return MakeError(ErrorCode::kConflict, "identity");
    }
  }
  if (!state_.users.contains(identity.user_id)) return MakeError(ErrorCode::kNotFound, "user");
  state_.Assign(state_.identities, identity.id, identity);
  return Status::Ok();
}

Result<core::LinkedIdentity> MemoryIdentityRepository::FindBySubject(std::string_view provider,
                                                                     std::string_view subject) {
  for (const auto& [id, identity] : state_.identities) {
    if (identity.provider == provider && identity.subject == subject) return identity;
  }
  return IdentityNotFound();
}

Result<std::vector<core::LinkedIdentity>> MemoryIdentityRepository::ListForUser(
    std::string_view user_id) {
  std::vector<core::LinkedIdentity> identities;
  for (const auto& [id, identity] : state_.identities) {
    if (identity.user_id == user_id) identities.push_back(identity);
  }
  std::sort(identities.begin(), identities.end(),
            [](const core::LinkedIdentity& a, const core::LinkedIdentity& b) {
              return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
            });
  return identities;
}

Status MemoryIdentityRepository::Delete(std::string_view user_id, std::string_view id) {
  auto it = state_.identities.find(id);
  if (it == state_.identities.end() || it->second.user_id != user_id) return IdentityNotFound();
  state_.Assign(state_.identities, std::string(id), std::nullopt);
  return Status::Ok();
}

Status MemoryIdentityRepository::RecordLogin(std::string_view id, int64_t at) {
  auto it = state_.identities.find(id);
  if (it == state_.identities.end()) return IdentityNotFound();
  core::LinkedIdentity updated = it->second;
  updated.last_login_at = at;
  state_.Assign(state_.identities, updated.id, updated);
  return Status::Ok();
}

}  // namespace portcullis::store::memory
