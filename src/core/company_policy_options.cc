// Declaration of the company settings: names, help.
// Pure functions; thread-safe.
#include "core/company_policy.h"

namespace portcullis::core {

options::Section<CompanyPolicy> CompanyPolicySection() {
  using P = CompanyPolicy;
  options::Section<P> s("", "Companies");
  s.Add("create_company_on_signup", &P::create_company_on_signup,
        "a registration without an invite (and `portcullis user create`) founds a company with "
        "the new account as its owner; false: the account starts in no company");
  return s;
}

}  // namespace portcullis::core
