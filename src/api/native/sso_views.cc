// The JSON of a linked identity. Pure functions; thread-safe.
#include "api/native/sso_views.h"

#include "api/native/views.h"

namespace portcullis::api::native {

boost::json::object LinkedIdentityView(const core::LinkedIdentity& identity) {
  boost::json::object out;
  out["id"] = identity.id;
  out["provider"] = identity.provider;
  out["subject"] = identity.subject;
  out["email"] = identity.email;
  out["created_at"] = Rfc3339(identity.created_at);
  if (identity.last_login_at == 0) {
    out["last_login_at"] = nullptr;
  } else {
    out["last_login_at"] = Rfc3339(identity.last_login_at);
  }
  return out;
}

}  // namespace portcullis::api::native
