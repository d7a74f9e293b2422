// SqlitePermissionRepository: a company's permission names and grants over one connection.
// Not thread-safe: the connection's thread only.
#include "store/sqlite/permission_repository.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

#include "common/status_macros.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/sql.h"

namespace portcullis::store::sqlite {
namespace {

using core::GrantSubjectType;
using core::PermissionGrant;
using core::PermissionNameKind;

// Reads the column order of the grant SELECTs (sql::kListGrants and the others).
Result<PermissionGrant> ReadGrant(const Statement& row) {
  PermissionGrant grant;
  grant.id = row.ColumnText(0);
  grant.company_id = row.ColumnText(1);
  const std::optional<GrantSubjectType> type = core::GrantSubjectTypeFromName(row.ColumnText(2));
  if (!type) return MakeError(ErrorCode::kInternal, "sqlite: a grant of an unknown subject type");
  grant.subject = core::GrantSubject{*type, row.ColumnText(3)};
  grant.permission = core::Permission{row.ColumnText(4), row.ColumnText(5), row.ColumnText(6)};
  grant.created_at = row.ColumnInt(7);
  return grant;
}

// Appends the grants `select` returns to `grants`.
Status ReadGrants(Statement& select, std::vector<PermissionGrant>& grants) {
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) return Status::Ok();
    ASSIGN_OR_RETURN(PermissionGrant grant, ReadGrant(select));
    grants.push_back(std::move(grant));
  }
}

// The statement deleting the grants that use a name of `kind`.
std::string_view DeleteGrantsUsing(PermissionNameKind kind) {
  switch (kind) {
    case PermissionNameKind::kVerb:
      return sql::kDeleteGrantsWithAction;
    case PermissionNameKind::kFeature:
      return sql::kDeleteGrantsWithFeature;
    case PermissionNameKind::kScope:
      return sql::kDeleteGrantsWithScope;
  }
  return sql::kDeleteGrantsWithAction;
}

}  // namespace

Status SqlitePermissionRepository::AddName(std::string_view company_id, PermissionNameKind kind,
                                           std::string_view name) {
  const Status status = Execute(conn_, sql::kInsertPermissionName, company_id,
                                core::PermissionNameKindName(kind), name);
  if (IsMissingReference(status)) return MakeError(ErrorCode::kNotFound, "company");
  return status;
}

Result<std::vector<std::string>> SqlitePermissionRepository::ListNames(std::string_view company_id,
                                                                       PermissionNameKind kind) {
  ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListPermissionNames));
  select->BindAll(company_id, core::PermissionNameKindName(kind));
  std::vector<std::string> names;
  for (;;) {
    ASSIGN_OR_RETURN(const bool row, select->Step());
    if (!row) break;
    names.push_back(select->ColumnText(0));
  }
  return names;
}

Status SqlitePermissionRepository::RemoveName(std::string_view company_id, PermissionNameKind kind,
                                              std::string_view name) {
  return conn_.InSavepoint("permission_name_remove", [&]() -> Status {
    RETURN_IF_ERROR(Execute(conn_, sql::kDeletePermissionName, company_id,
                            core::PermissionNameKindName(kind), name));
    if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "permission name");
    return Execute(conn_, DeleteGrantsUsing(kind), company_id, name);
  });
}

Status SqlitePermissionRepository::AddGrant(const PermissionGrant& grant) {
  const GrantSubjectType type = grant.subject.type;
  const std::optional<std::string> user =
      type == GrantSubjectType::kUser ? std::optional(grant.subject.id) : std::nullopt;
  const std::optional<std::string> credential =
      type == GrantSubjectType::kApiKey || type == GrantSubjectType::kToken
          ? std::optional(grant.subject.id)
          : std::nullopt;
  const std::optional<std::string> client =
      type == GrantSubjectType::kClient ? std::optional(grant.subject.id) : std::nullopt;
  const Status status = conn_.InSavepoint("grant_add", [&]() -> Status {
    RETURN_IF_ERROR(Execute(conn_, sql::kEnsurePermissionName, grant.company_id,
                            core::PermissionNameKindName(PermissionNameKind::kFeature),
                            grant.permission.feature));
    RETURN_IF_ERROR(Execute(conn_, sql::kEnsurePermissionName, grant.company_id,
                            core::PermissionNameKindName(PermissionNameKind::kScope),
                            grant.permission.scope));
    return Execute(conn_, sql::kInsertGrant, grant.id, grant.company_id,
                   core::GrantSubjectTypeName(type), grant.subject.id, user, credential,
                   grant.permission.feature, grant.permission.scope, grant.permission.action,
                   grant.created_at, client);
  });
  if (!IsMissingReference(status)) return status;
  ASSIGN_OR_RETURN(const bool company, RowExists(conn_, sql::kCompanyExists, grant.company_id));
  if (!company) return MakeError(ErrorCode::kNotFound, "company");
  return MakeError(ErrorCode::kNotFound, user ? "user" : client ? "client" : "credential");
}

Status SqlitePermissionRepository::RemoveGrant(std::string_view company_id,
                                               std::string_view grant_id) {
  RETURN_IF_ERROR(Execute(conn_, sql::kDeleteGrant, company_id, grant_id));
  if (conn_.changes() == 0) return MakeError(ErrorCode::kNotFound, "grant");
  return Status::Ok();
}

Result<std::vector<PermissionGrant>> SqlitePermissionRepository::ListGrants(
    std::string_view company_id, const std::optional<core::GrantSubject>& subject) {
  std::vector<PermissionGrant> grants;
  if (subject) {
    ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListSubjectGrants));
    select->BindAll(company_id, core::GrantSubjectTypeName(subject->type), subject->id);
    RETURN_IF_ERROR(ReadGrants(*select, grants));
  } else {
    ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kListGrants));
    select->BindAll(company_id);
    RETURN_IF_ERROR(ReadGrants(*select, grants));
  }
  return grants;
}

Result<std::vector<PermissionGrant>> SqlitePermissionRepository::GrantsFor(
    std::string_view company_id, const std::vector<core::GrantSubject>& subjects,
    std::string_view feature, std::string_view scope) {
  // One indexed lookup per subject (a principal has two or three), merged in the port's order.
  std::vector<PermissionGrant> grants;
  for (const core::GrantSubject& subject : subjects) {
    ASSIGN_OR_RETURN(auto select, conn_.Prepare(sql::kSubjectGrantsFor));
    select->BindAll(company_id, core::GrantSubjectTypeName(subject.type), subject.id, feature,
                    scope);
    RETURN_IF_ERROR(ReadGrants(*select, grants));
  }
  std::sort(grants.begin(), grants.end(), [](const PermissionGrant& a, const PermissionGrant& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  grants.erase(
      std::unique(grants.begin(), grants.end(),
                  [](const PermissionGrant& a, const PermissionGrant& b) { return a.id == b.id; }),
      grants.end());
  return grants;
}

Status SqlitePermissionRepository::RemoveGrantsOf(std::string_view company_id,
                                                  const core::GrantSubject& subject) {
  return Execute(conn_, sql::kDeleteSubjectGrants, company_id,
                 core::GrantSubjectTypeName(subject.type), subject.id);
}

}  // namespace portcullis::store::sqlite
