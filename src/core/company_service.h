// CompanyService: companies and their members through Portcullis's own routes — found, list,
// read, rename, delete (step-up), list members, change a role, remove a member, leave. Every
// permission question goes to the Authorizer inside the same Read or Write as the change (a
// foreign company answers kNotFound, never kForbidden); every change that can take the owner role
// away locks the company and counts its owners in that Write (core/owner_rule.h). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "common/status.h"
#include "core/audit_trail.h"
#include "core/auth_types.h"
#include "core/authorizer.h"
#include "core/company.h"
#include "core/ports/store.h"
#include "core/step_up_guard.h"

namespace portcullis::core {

class CompanyService {
 public:
  // Every reference must outlive the service. `audit` may be null (nothing is logged): else each
  // change (company created, renamed, deleted; a member's role changed, removed, left) is logged
  // in its own Write.
  CompanyService(Store& store, const Authorizer& authorizer, const StepUpGuard& guard,
                 Random& random, const Clock& clock, AuditTrail* audit = nullptr)
      : store_(store),
        authorizer_(authorizer),
        guard_(guard),
        random_(random),
        clock_(clock),
        audit_(audit) {}

  // A user (a session, not a key or a token) founds a company and becomes its owner.
  // kInvalidRequest on a bad name; kForbidden for a key or a personal token.
  Result<CompanyOfUser> Create(const Principal& principal, std::string_view name);
  // The caller's companies with its role, oldest membership first (a key: its own company).
  Result<std::vector<CompanyOfUser>> ListMine(const Principal& principal);
  // The company with the caller's role. kNotFound when it is foreign or absent.
  Result<CompanyOfUser> Get(const Principal& principal, std::string_view company_id);
  // Owner or admin. kNotFound, kForbidden, kInvalidRequest.
  Result<CompanyOfUser> Rename(const Principal& principal, std::string_view company_id,
                               std::string_view name);
  // Owner, after a recent authentication (kStepUpRequired): the company with its memberships,
  // invites, keys, tokens and grants.
  Status Delete(const Principal& principal, std::string_view company_id);

  // Any member. Oldest membership first.
  Result<std::vector<Member>> Members(const Principal& principal, std::string_view company_id);
  // Owner or admin; making, unmaking or re-roling an owner needs an owner. kNotFound when the
  // user is no member; kConflict (kLastOwner) when it would leave the company without an owner.
  Result<Membership> ChangeRole(const Principal& principal, std::string_view company_id,
                                std::string_view user_id, CompanyRole role);
  // Owner or admin; removing an owner needs an owner; removing oneself is leaving. kNotFound,
  // kConflict (kLastOwner).
  Status RemoveMember(const Principal& principal, std::string_view company_id,
                      std::string_view user_id);
  // The caller leaves. kConflict (kLastOwner) for the last owner.
  Status Leave(const Principal& principal, std::string_view company_id);

 private:
  // Inside a Write: the audit event `type` of `principal` in `company_id` about `user_id` ("" for
  // the company itself).
  Status AuditChange(Repositories& repos, std::string_view type, const Principal& principal,
                     std::string_view company_id, std::string_view user_id,
                     std::string detail = {});
  // Inside a Write: locks the company, then asks the Authorizer (a foreign company: kNotFound).
  Result<CompanyAccess> LockAndAuthorize(Repositories& repos, const Principal& principal,
                                         std::string_view company_id, CompanyAction action);

  Store& store_;
  const Authorizer& authorizer_;
  const StepUpGuard& guard_;
  Random& random_;
  const Clock& clock_;
  AuditTrail* const audit_;
};

}  // namespace portcullis::core
