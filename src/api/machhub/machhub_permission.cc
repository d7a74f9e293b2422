// GET /auth/permission/action/feature/:feature/scope/:scope: the caller's permitted actions, read
// from the permission model like the native GET /v1/permissions/actions. Thread-safe.
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "api/common/responses.h"
#include "api/machhub/machhub_handlers.h"
#include "common/status_macros.h"

namespace portcullis::api::machhub {

Result<http::Response> PermittedActions(MachhubContext& context, Call& call) {
  const std::string& feature = call.request.path_params.at("feature");
  const std::string& scope = call.request.path_params.at("scope");
  // Any authenticated caller: [] when it has no company or no grant on feature/scope.
  ASSIGN_OR_RETURN(std::vector<std::string> actions,
                   context.permissions->Actions(*call.principal, feature, scope));
  boost::json::array list;
  for (std::string& action : actions) list.emplace_back(std::move(action));
  return JsonResponse(200, boost::json::object{{"actions", std::move(list)}});
}

}  // namespace portcullis::api::machhub
