// CompanyRepository: the port for companies, their memberships and each user's last active
// company. Implemented by store/{memory,sqlite,postgres}; behaviour defined by
// store/conformance/company_conformance.cc. Bound to one transaction; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "core/company.h"

namespace portcullis::core {

class CompanyRepository {
 public:
  virtual ~CompanyRepository() = default;
  // kConflict on a taken id; kNotFound ("user") when created_by names no account.
  virtual Status Create(const Company& company) = 0;
  // kNotFound when absent.
  virtual Result<Company> Find(std::string_view company_id) = 0;
  // Sets name and updated_at. kNotFound when absent.
  virtual Status Rename(std::string_view company_id, std::string_view name, int64_t now) = 0;
  // Deletes the company with everything that belongs to it: memberships, invites, API keys,
  // personal tokens made for it, permission verbs and grants. Users whose last active company it
  // was get none. kNotFound when absent.
  virtual Status Delete(std::string_view company_id) = 0;
  // Inside a Write: holds the company against concurrent membership changes until the commit
  // (PostgreSQL: SELECT ... FOR UPDATE on its row; SQLite and memory write one at a time). Call
  // it before reading the owners a change must keep. kNotFound when absent.
  virtual Status Lock(std::string_view company_id) = 0;

  // kConflict when the user already is a member; kNotFound ("company" or "user") when either is
  // absent.
  virtual Status AddMember(const Membership& membership) = 0;
  // kNotFound when the user is not a member (or either is absent).
  virtual Result<Membership> FindMembership(std::string_view company_id,
                                            std::string_view user_id) = 0;
  // The user's companies with their role, oldest membership first (then company id).
  virtual Result<std::vector<CompanyOfUser>> ListForUser(std::string_view user_id) = 0;
  // The company's members with their account's email and display name, oldest membership first
  // (then user id).
  virtual Result<std::vector<Member>> ListMembers(std::string_view company_id) = 0;
  // Sets role and updated_at. kNotFound when the user is not a member.
  virtual Status SetRole(std::string_view company_id, std::string_view user_id, CompanyRole role,
                         int64_t now) = 0;
  // kNotFound when the user is not a member. The user's last active company, when it was this
  // one, becomes none.
  virtual Status RemoveMember(std::string_view company_id, std::string_view user_id) = 0;
  virtual Result<int64_t> CountOwners(std::string_view company_id) = 0;

  // The company the user last worked in (login starts there); empty when none is recorded.
  // kNotFound ("user") when the user is absent.
  virtual Result<std::string> LastActive(std::string_view user_id) = 0;
  // Records it (empty: none). kNotFound ("user") when the user is absent, ("company") when the
  // company is.
  virtual Status SetLastActive(std::string_view user_id, std::string_view company_id) = 0;

  // The admin API's listing: companies ordered by id, those after `after_id` ("" for the first
  // page), at most `limit`.
  virtual Result<std::vector<Company>> ListAll(std::string_view after_id, int64_t limit) = 0;
};

}  // namespace portcullis::core
