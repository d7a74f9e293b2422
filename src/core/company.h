// Companies and their members: the company record, a user's role in it, a pending invite.
// Plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portcullis::core {

// A member's role in one company. Ordered: a higher role can do all a lower one can.
enum class CompanyRole { kMember = 0, kAdmin = 1, kOwner = 2 };

// "member", "admin", "owner": the stored and the API spelling (never change it).
std::string_view CompanyRoleName(CompanyRole role);
std::optional<CompanyRole> CompanyRoleFromName(std::string_view name);

struct Company {
  std::string id;  // UUID v4
  std::string name;
  std::string created_by;  // the user who created it; empty when that account is gone
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Membership {
  std::string company_id;
  std::string user_id;
  CompanyRole role = CompanyRole::kMember;
  int64_t created_at = 0;  // when the user joined
  int64_t updated_at = 0;  // when the role last changed
};

// A company as one of its members sees it in a list.
struct CompanyOfUser {
  Company company;
  CompanyRole role = CompanyRole::kMember;
};

// A member with the account facts a member list shows.
struct Member {
  Membership membership;
  std::string email;
  std::string display_name;
};

// A pending invitation to join a company, redeemed once with the emailed ticket.
struct CompanyInvite {
  std::string id;  // UUID v4: how owners and admins name it (list, revoke)
  std::string company_id;
  std::string email;  // normalised; only an account with this address may accept it
  CompanyRole role = CompanyRole::kMember;
  std::string invited_by;  // user id; empty when that account is gone
  std::string token_hash;  // lower-case hex SHA-256 of the emailed ticket; unique
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

}  // namespace portcullis::core
