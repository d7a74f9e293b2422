// The company settings ([companies] is not a section: they sit at the top level like the other
// account-lifecycle flags). Plain values, read-only after start; the section is built on each call.
#pragma once

#include "common/options.h"

namespace portcullis::core {

struct CompanyPolicy {
  // A registration without an invite (and `portcullis user create`) founds a company with the new
  // account as its owner.
  bool create_company_on_signup = true;
};

options::Section<CompanyPolicy> CompanyPolicySection();

}  // namespace portcullis::core
