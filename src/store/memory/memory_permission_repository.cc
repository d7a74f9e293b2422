// MemoryPermissionRepository: a company's permission names and grants in a MemoryState, as the
// SQL backends keep them. Not thread-safe: the caller holds the owning store's mutex.
#include "store/memory/memory_permission_repository.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace portcullis::store::memory {
namespace {

using core::GrantSubjectType;
using core::PermissionGrant;
using core::PermissionNameKind;

// Oldest first, then id.
template <class Belongs>
std::vector<PermissionGrant> Oldest(const MemoryState& state, Belongs belongs) {
  std::vector<PermissionGrant> rows;
  for (const auto& [id, grant] : state.grants) {
    if (belongs(grant)) rows.push_back(grant);
  }
  std::sort(rows.begin(), rows.end(), [](const PermissionGrant& a, const PermissionGrant& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return rows;
}

// The name of `kind` that `grant` uses.
const std::string& NameOf(const PermissionGrant& grant, PermissionNameKind kind) {
  switch (kind) {
    case PermissionNameKind::kVerb:
      return grant.permission.action;
    case PermissionNameKind::kFeature:
      return grant.permission.feature;
    case PermissionNameKind::kScope:
      return grant.permission.scope;
  }
  return grant.permission.action;
}

}  // namespace

Status MemoryPermissionRepository::AddName(std::string_view company_id, PermissionNameKind kind,
                                           std::string_view name) {
  if (!state_.companies.contains(company_id)) return MakeError(ErrorCode::kNotFound, "company");
  if (state_.permission_names.contains(MemoryState::PermissionNameKey(company_id, kind, name))) {
    return MakeError(ErrorCode::kConflict, "permission name");
  }
  EnsureName(company_id, kind, name);
  return Status::Ok();
}

void MemoryPermissionRepository::EnsureName(std::string_view company_id, PermissionNameKind kind,
                                            std::string_view name) {
  const std::string key = MemoryState::PermissionNameKey(company_id, kind, name);
  if (state_.permission_names.contains(key)) return;
  state_.Assign(state_.permission_names, key,
                MemoryState::PermissionNameRow{std::string(company_id), kind, std::string(name)});
}

Result<std::vector<std::string>> MemoryPermissionRepository::ListNames(std::string_view company_id,
                                                                       PermissionNameKind kind) {
  std::vector<std::string> names;
  for (const auto& [key, row] : state_.permission_names) {
    if (row.company_id == company_id && row.kind == kind) names.push_back(row.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Status MemoryPermissionRepository::RemoveName(std::string_view company_id, PermissionNameKind kind,
                                              std::string_view name) {
  const std::string key = MemoryState::PermissionNameKey(company_id, kind, name);
  if (!state_.permission_names.contains(key)) {
    return MakeError(ErrorCode::kNotFound, "permission name");
  }
  state_.EraseWhere(state_.grants, [&](const PermissionGrant& g) {
    return g.company_id == company_id && NameOf(g, kind) == name;
  });
  state_.Assign(state_.permission_names, key, std::nullopt);
  return Status::Ok();
}

Status MemoryPermissionRepository::AddGrant(const PermissionGrant& grant) {
  if (!state_.companies.contains(grant.company_id)) {
    return MakeError(ErrorCode::kNotFound, "company");
  }
  switch (grant.subject.type) {
    case GrantSubjectType::kRole:
      break;
    case GrantSubjectType::kUser:
      if (!state_.users.contains(grant.subject.id)) return MakeError(ErrorCode::kNotFound, "user");
      break;
    case GrantSubjectType::kApiKey:
    case GrantSubjectType::kToken:
      if (!state_.credentials.contains(grant.subject.id)) {
        return MakeError(ErrorCode::kNotFound, "credential");
      }
      break;
    case GrantSubjectType::kClient:
      if (!state_.service_clients.contains(grant.subject.id)) {
        return MakeError(ErrorCode::kNotFound, "client");
      }
      break;
  }
  if (state_.grants.contains(grant.id)) return MakeError(ErrorCode::kConflict, "grant");
  for (const auto& [id, other] : state_.grants) {
    if (other.company_id == grant.company_id && other.subject == grant.subject &&
        other.permission == grant.permission) {
      return MakeError(ErrorCode::kConflict, "grant");
    }
  }
  EnsureName(grant.company_id, PermissionNameKind::kFeature, grant.permission.feature);
  EnsureName(grant.company_id, PermissionNameKind::kScope, grant.permission.scope);
  state_.Assign(state_.grants, grant.id, grant);
  return Status::Ok();
}

Status MemoryPermissionRepository::RemoveGrant(std::string_view company_id,
                                               std::string_view grant_id) {
  auto it = state_.grants.find(grant_id);
  if (it == state_.grants.end() || it->second.company_id != company_id) {
    return MakeError(ErrorCode::kNotFound, "grant");
  }
  state_.Assign(state_.grants, std::string(grant_id), std::nullopt);
  return Status::Ok();
}

Result<std::vector<PermissionGrant>> MemoryPermissionRepository::ListGrants(
    std::string_view company_id, const std::optional<core::GrantSubject>& subject) {
  return Oldest(state_, [&](const PermissionGrant& g) {
    return g.company_id == company_id && (!subject || g.subject == *subject);
  });
}

Result<std::vector<PermissionGrant>> MemoryPermissionRepository::GrantsFor(
    std::string_view company_id, const std::vector<core::GrantSubject>& subjects,
    std::string_view feature, std::string_view scope) {
  return Oldest(state_, [&](const PermissionGrant& g) {
    return g.company_id == company_id && g.permission.feature == feature &&
           g.permission.scope == scope &&
           std::find(subjects.begin(), subjects.end(), g.subject) != subjects.end();
  });
}

Status MemoryPermissionRepository::RemoveGrantsOf(std::string_view company_id,
                                                  const core::GrantSubject& subject) {
  state_.EraseWhere(state_.grants, [&](const PermissionGrant& g) {
    return g.company_id == company_id && g.subject == subject;
  });
  return Status::Ok();
}

}  // namespace portcullis::store::memory
