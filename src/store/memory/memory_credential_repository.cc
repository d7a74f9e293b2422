// MemoryCredentialRepository: API keys and personal tokens in a MemoryState, as the SQL backends
// keep them. Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_credential_repository.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace portcullis::store::memory {
namespace {

Error CredentialNotFound() { return MakeError(ErrorCode::kNotFound, "credential"); }

// Newest first, then id.
template <class Belongs>
std::vector<core::Credential> Newest(const MemoryState& state, Belongs belongs) {
  std::vector<core::Credential> rows;
  for (const auto& [id, credential] : state.credentials) {
    if (belongs(credential)) rows.push_back(credential);
  }
  std::sort(rows.begin(), rows.end(), [](const core::Credential& a, const core::Credential& b) {
    return std::tie(b.created_at, a.id) < std::tie(a.created_at, b.id);
  });
  return rows;
}

}  // namespace

Status MemoryCredentialRepository::Create(const core::Credential& credential) {
  if (!state_.companies.contains(credential.company_id)) {
    return MakeError(ErrorCode::kNotFound, "company");
  }
  if ((!credential.user_id.empty() && !state_.users.contains(credential.user_id)) ||
      (!credential.created_by.empty() && !state_.users.contains(credential.created_by))) {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  if (state_.credentials.contains(credential.id)) {
    return MakeError(ErrorCode::kConflict, "credential");
  }
  for (const auto& [id, other] : state_.credentials) {
    if (other.secret_hash == credential.secret_hash) {
      return MakeError(ErrorCode::kConflict, "credential");
    }
  }
  state_.Assign(state_.credentials, credential.id, credential);
  return Status::Ok();
}

Result<core::Credential> MemoryCredentialRepository::FindByHash(std::string_view secret_hash) {
  for (const auto& [id, credential] : state_.credentials) {
    if (credential.secret_hash == secret_hash) return credential;
  }
  return CredentialNotFound();
}

Result<std::vector<core::Credential>> MemoryCredentialRepository::ListForCompany(
    std::string_view company_id, core::CredentialKind kind) {
  return Newest(state_, [&](const core::Credential& c) {
    return c.company_id == company_id && c.kind == kind;
  });
}

Result<std::vector<core::Credential>> MemoryCredentialRepository::ListForUser(
    std::string_view user_id) {
  return Newest(state_, [&](const core::Credential& c) {
    return c.kind == core::CredentialKind::kPersonalToken && c.user_id == user_id;
  });
}

Result<core::Credential> MemoryCredentialRepository::Find(std::string_view credential_id) {
  auto it = state_.credentials.find(credential_id);
  if (it == state_.credentials.end()) return CredentialNotFound();
  return it->second;
}

Status MemoryCredentialRepository::Delete(std::string_view credential_id) {
  if (!state_.credentials.contains(credential_id)) return CredentialNotFound();
  state_.EraseCredential(std::string(credential_id));
  return Status::Ok();
}

Status MemoryCredentialRepository::RecordUse(const std::vector<core::CredentialUse>& uses) {
  for (const auto& use : uses) {
    auto it = state_.credentials.find(use.credential_id);
    if (it == state_.credentials.end() || it->second.last_used_at >= use.at) continue;
    core::Credential used = it->second;
    used.last_used_at = use.at;
    state_.Assign(state_.credentials, used.id, used);
  }
  return Status::Ok();
}

}  // namespace portcullis::store::memory
