// The scope parameter of provider requests. Pure functions; thread-safe.
#include "sso/form_encoding.h"

namespace portcullis::sso {

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

}  // namespace portcullis::sso
