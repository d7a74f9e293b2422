// Founding a company: validation of its name, the record and the owner's membership.
// Pure functions; thread-safe.
#include "core/company_founding.h"

#include "common/status_macros.h"
#include "common/uuid.h"

namespace portcullis::core {

Status ValidateCompanyName(std::string_view name) {
  if (name.empty() || name.size() > kMaxCompanyNameBytes) {
    return MakeError(ErrorCode::kInvalidRequest, "a company name has 1 to 200 bytes");
  }
  bool only_spaces = true;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return MakeError(ErrorCode::kInvalidRequest, "a company name has no control characters");
    }
    if (c != ' ') only_spaces = false;
  }
  if (only_spaces) return MakeError(ErrorCode::kInvalidRequest, "a company name is not blank");
  return Status::Ok();
}

std::string SignupCompanyName(const User& user) {
  std::string name = user.display_name.empty() ? user.email : user.display_name;
  if (name.size() <= kMaxCompanyNameBytes) return name;
  // Cut at a character boundary: never inside a UTF-8 sequence (continuation bytes 10xxxxxx).
  std::size_t end = kMaxCompanyNameBytes;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  name.resize(end);
  return name;
}

Result<CompanyOfUser> FoundCompany(Repositories& repos, Random& random, std::string_view name,
                                   std::string_view owner_id, int64_t now, bool make_active) {
  CompanyOfUser out;
  out.company.id = NewUuidV4(random);
  out.company.name = std::string(name);
  out.company.created_by = std::string(owner_id);
  out.company.created_at = now;
  out.company.updated_at = now;
  out.role = CompanyRole::kOwner;
  RETURN_IF_ERROR(repos.companies().Create(out.company));
  Membership owner;
  owner.company_id = out.company.id;
  owner.user_id = std::string(owner_id);
  owner.role = CompanyRole::kOwner;
  owner.created_at = now;
  owner.updated_at = now;
  RETURN_IF_ERROR(repos.companies().AddMember(owner));
  if (make_active) RETURN_IF_ERROR(repos.companies().SetLastActive(owner_id, out.company.id));
  return out;
}

}  // namespace portcullis::core
