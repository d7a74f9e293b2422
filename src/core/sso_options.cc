// Declarations of the single sign-on policy's settings: names, help.
// Pure functions; thread-safe.
#include "core/sso_options.h"

namespace portcullis::core {

options::Section<SsoPolicy> SsoPolicySection() {
  using P = SsoPolicy;
  options::Section<P> s("", "Single sign-on");
  s.Add("sso_signup", &P::signup,
        "a provider's user with no account and no invite gets one (false: only an invite from "
        "the start, ?invite=, creates an account)");
  s.Add("sso_link_by_email", &P::link_by_email,
        "a provider's user whose address has an account logs into it (the identity is linked) "
        "when the provider asserts the address is verified");
  return s;
}

}  // namespace portcullis::core
