// MemoryInviteRepository: pending company invites in a MemoryState, as the SQL backends keep them.
// Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_invite_repository.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace portcullis::store::memory {

const core::CompanyInvite* MemoryInviteRepository::ByHash(std::string_view token_hash) const {
  for (const auto& [id, invite] : state_.invites) {
    if (invite.token_hash == token_hash) return &invite;
  }
  return nullptr;
}

Status MemoryInviteRepository::Create(const core::CompanyInvite& invite) {
  if (!state_.companies.contains(invite.company_id)) {
    return MakeError(ErrorCode::kNotFound, "company");
  }
  if (!invite.invited_by.empty() && !state_.users.contains(invite.invited_by)) {
    return MakeError(ErrorCode::kNotFound, "user");
  }
  if (state_.invites.contains(invite.id) || ByHash(invite.token_hash) != nullptr) {
    return MakeError(ErrorCode::kConflict, "invite");
  }
  state_.EraseWhere(state_.invites, [&](const core::CompanyInvite& other) {
    return other.company_id == invite.company_id && other.email == invite.email;
  });
  state_.Assign(state_.invites, invite.id, invite);
  return Status::Ok();
}

Result<std::vector<core::CompanyInvite>> MemoryInviteRepository::ListForCompany(
    std::string_view company_id) {
  std::vector<core::CompanyInvite> invites;
  for (const auto& [id, invite] : state_.invites) {
    if (invite.company_id == company_id) invites.push_back(invite);
  }
  std::sort(invites.begin(), invites.end(),
            [](const core::CompanyInvite& a, const core::CompanyInvite& b) {
              return std::tie(b.created_at, a.id) < std::tie(a.created_at, b.id);
            });
  return invites;
}

Result<core::CompanyInvite> MemoryInviteRepository::Find(std::string_view token_hash) {
  const core::CompanyInvite* invite = ByHash(token_hash);
  if (invite == nullptr) return MakeError(ErrorCode::kNotFound, "invite");
  return *invite;
}

Result<core::CompanyInvite> MemoryInviteRepository::Take(std::string_view token_hash) {
  const core::CompanyInvite* found = ByHash(token_hash);
  if (found == nullptr) return MakeError(ErrorCode::kNotFound, "invite");
  core::CompanyInvite invite = *found;
  state_.Assign(state_.invites, invite.id, std::nullopt);
  return invite;
}

Status MemoryInviteRepository::Delete(std::string_view company_id, std::string_view invite_id) {
  auto it = state_.invites.find(invite_id);
  if (it == state_.invites.end() || it->second.company_id != company_id) {
    return MakeError(ErrorCode::kNotFound, "invite");
  }
  state_.Assign(state_.invites, std::string(invite_id), std::nullopt);
  return Status::Ok();
}

Result<int64_t> MemoryInviteRepository::PurgeExpired(int64_t before) {
  return state_.EraseWhere(state_.invites,
                           [&](const core::CompanyInvite& i) { return i.expires_at < before; });
}

}  // namespace portcullis::store::memory
