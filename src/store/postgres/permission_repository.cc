// PostgresPermissionRepository: a company's permission names and grants over one connection.
// Not thread-safe: the connection's thread only.
#include "store/postgres/permission_repository.h"

#include <algorithm>
#include <optional>
#include <string>

#include "common/status_macros.h"
#include "store/postgres/queries.h"
#include "store/postgres/sql.h"

namespace portcullis::store::postgres {
namespace {

using core::GrantSubjectType;
using core::PermissionGrant;
using core::PermissionNameKind;

// Reads row `r` in the column order of the grant SELECTs (sql::kListGrants and the others).
Result<PermissionGrant> ReadGrant(const Rows& rows, int r) {
  PermissionGrant grant;
  grant.id = rows.Text(r, 0);
  grant.company_id = rows.Text(r, 1);
  const std::optional<GrantSubjectType> type = core::GrantSubjectTypeFromName(rows.Text(r, 2));
  if (!type) return MakeError(ErrorCode::kInternal, "postgres: a grant of an unknown subject type");
  grant.subject = core::GrantSubject{*type, rows.Text(r, 3)};
  grant.permission = core::Permission{rows.Text(r, 4), rows.Text(r, 5), rows.Text(r, 6)};
  grant.created_at = rows.Int(r, 7);
  return grant;
}

Result<std::vector<PermissionGrant>> ReadGrants(const Rows& rows) {
  std::vector<PermissionGrant> grants;
  grants.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    ASSIGN_OR_RETURN(PermissionGrant grant, ReadGrant(rows, r));
    grants.push_back(std::move(grant));
  }
  return grants;
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

// A text[] literal of `values` ({"a","b\"c"}): every element quoted, `"` and `\` escaped, so any
// text is carried as it is.
std::string TextArray(const std::vector<std::string_view>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  return literal;
}

}  // namespace

Status PostgresPermissionRepository::AddName(std::string_view company_id, PermissionNameKind kind,
                                             std::string_view name) {
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertPermissionName, company_id,
                              core::PermissionNameKindName(kind), name));
    return Status::Ok();
  });
  if (IsMissingReference(status)) return MakeError(ErrorCode::kNotFound, "company");
  return status;
}

Result<std::vector<std::string>> PostgresPermissionRepository::ListNames(
    std::string_view company_id, PermissionNameKind kind) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListPermissionNames, company_id,
                                        core::PermissionNameKindName(kind)));
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) names.push_back(rows.Text(r, 0));
  return names;
}

Status PostgresPermissionRepository::RemoveName(std::string_view company_id,
                                                PermissionNameKind kind, std::string_view name) {
  {
    ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeletePermissionName, company_id,
                                          core::PermissionNameKindName(kind), name));
    if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "permission name");
  }
  RETURN_IF_ERROR(conn_.Run(DeleteGrantsUsing(kind), company_id, name));
  return Status::Ok();
}

Status PostgresPermissionRepository::AddGrant(const PermissionGrant& grant) {
  const GrantSubjectType type = grant.subject.type;
  const std::optional<std::string> user =
      type == GrantSubjectType::kUser ? std::optional(grant.subject.id) : std::nullopt;
  const std::optional<std::string> credential =
      type == GrantSubjectType::kApiKey || type == GrantSubjectType::kToken
          ? std::optional(grant.subject.id)
          : std::nullopt;
  const std::optional<std::string> client =
      type == GrantSubjectType::kClient ? std::optional(grant.subject.id) : std::nullopt;
  const Status status = conn_.InSavepoint([&]() -> Status {
    RETURN_IF_ERROR(conn_.Run(sql::kInsertGrant, grant.id, grant.company_id,
                              core::GrantSubjectTypeName(type), grant.subject.id, user, credential,
                              grant.permission.feature, grant.permission.scope,
                              grant.permission.action, grant.created_at, client));
    return Status::Ok();
  });
  return NameMissing(conn_, status, grant.company_id,
                     user     ? "user"
                     : client ? "client"
                              : "credential");
}

Status PostgresPermissionRepository::RemoveGrant(std::string_view company_id,
                                                 std::string_view grant_id) {
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kDeleteGrant, company_id, grant_id));
  if (rows.affected() == 0) return MakeError(ErrorCode::kNotFound, "grant");
  return Status::Ok();
}

Result<std::vector<PermissionGrant>> PostgresPermissionRepository::ListGrants(
    std::string_view company_id, const std::optional<core::GrantSubject>& subject) {
  if (!subject) {
    ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListGrants, company_id));
    return ReadGrants(rows);
  }
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kListSubjectGrants, company_id,
                                        core::GrantSubjectTypeName(subject->type), subject->id));
  return ReadGrants(rows);
}

Result<std::vector<PermissionGrant>> PostgresPermissionRepository::GrantsFor(
    std::string_view company_id, const std::vector<core::GrantSubject>& subjects,
    std::string_view feature, std::string_view scope) {
  if (subjects.empty()) return std::vector<PermissionGrant>();
  std::vector<std::string_view> types;
  std::vector<std::string_view> ids;
  for (const core::GrantSubject& subject : subjects) {
    types.push_back(core::GrantSubjectTypeName(subject.type));
    ids.push_back(subject.id);
  }
  ASSIGN_OR_RETURN(Rows rows, conn_.Run(sql::kGrantsFor, company_id, feature, scope,
                                        TextArray(types), TextArray(ids)));
  ASSIGN_OR_RETURN(std::vector<PermissionGrant> grants, ReadGrants(rows));
  // A subject named twice matched its grants twice.
  grants.erase(
      std::unique(grants.begin(), grants.end(),
                  [](const PermissionGrant& a, const PermissionGrant& b) { return a.id == b.id; }),
      grants.end());
  return grants;
}

Status PostgresPermissionRepository::RemoveGrantsOf(std::string_view company_id,
                                                    const core::GrantSubject& subject) {
  RETURN_IF_ERROR(conn_.Run(sql::kDeleteSubjectGrants, company_id,
                            core::GrantSubjectTypeName(subject.type), subject.id));
  return Status::Ok();
}

}  // namespace portcullis::store::postgres
