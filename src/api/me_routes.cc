// /v1/me/*: the caller's profile, password and sessions.
// Handlers are thread-safe; they only decode, call one service and encode.
#include "api/handler_adapters.h"
#include "api/json_body.h"
#include "api/native_routes.h"
#include "api/views.h"

namespace portcullis::api {
namespace {

using Fn = Result<http::Response> (*)(ApiContext&, http::Request&, const core::Principal&);

Result<http::Response> GetProfile(ApiContext& context, http::Request&,
                                  const core::Principal& principal) {
  auto user = context.accounts.GetProfile(principal.user_id);
  if (!user) return user.error();
  return JsonResponse(200, UserView(*user));
}

Result<http::Response> PatchProfile(ApiContext& context, http::Request& request,
                                    const core::Principal& principal) {
  auto body = JsonBody::Parse(request, {"username", "display_name", "metadata"});
  if (!body) return body.error();
  core::ProfilePatch patch;
  auto username = body->NullableString("username");
  if (!username) return username.error();
  auto display_name = body->OptionalString("display_name");
  if (!display_name) return display_name.error();
  auto metadata = body->OptionalObjectText("metadata", context.max_metadata_bytes);
  if (!metadata) return metadata.error();
  patch.username = std::move(*username);
  patch.display_name = std::move(*display_name);
  patch.metadata_json = std::move(*metadata);
  auto user = context.accounts.UpdateProfile(principal.user_id, patch);
  if (!user) return user.error();
  return JsonResponse(200, UserView(*user));
}

Result<http::Response> ChangePassword(ApiContext& context, http::Request& request,
                                      const core::Principal& principal) {
  auto body = JsonBody::Parse(request, {"old_password", "new_password"});
  if (!body) return body.error();
  auto old_password = body->RequiredString("old_password");
  if (!old_password) return old_password.error();
  auto new_password = body->RequiredString("new_password");
  if (!new_password) return new_password.error();
  if (Status s = context.accounts.ChangePassword(principal, *old_password, *new_password); !s) {
    return s.error();
  }
  return NoContent();
}

Result<http::Response> ListSessions(ApiContext& context, http::Request&,
                                    const core::Principal& principal) {
  auto sessions = context.sessions.ListActive(principal.user_id);
  if (!sessions) return sessions.error();
  boost::json::array list;
  for (const auto& session : *sessions) {
    list.push_back(SessionView(session, session.id == principal.session_id));
  }
  return JsonResponse(200, boost::json::object{{"sessions", std::move(list)}});
}

Result<http::Response> DeleteSession(ApiContext& context, http::Request& request,
                                     const core::Principal& principal) {
  const std::string& id = request.path_params.at("id");
  if (Status s = context.sessions.RevokeOwned(principal.user_id, id); !s) return s.error();
  return NoContent();
}

Result<http::Response> RevokeAll(ApiContext& context, http::Request& request,
                                 const core::Principal& principal) {
  if (auto body = JsonBody::Parse(request, {}); !body) return body.error();
  if (Status s = context.sessions.RevokeAll(principal.user_id, ""); !s) return s.error();
  http::Response response = NoContent();
  response.AddHeader("Set-Cookie", ClearRefreshCookie(context.cookie));
  return response;
}

}  // namespace

void AddMeRoutes(http::Router& router, ApiContext& context) {
  const auto bind = [&context](Fn fn) {
    return WithPrincipal(context.sessions,
                         [&context, fn](http::Request& request, const core::Principal& principal) {
                           return fn(context, request, principal);
                         });
  };
  // A profile read is one store Read: on the I/O thread unless the backend says reads may block.
  AddRoute(router, context.metrics, "GET", "/v1/me/profile", bind(GetProfile),
           context.store.ReadsMayBlock() ? http::Dispatch::kWorker : http::Dispatch::kInline);
  AddRoute(router, context.metrics, "PATCH", "/v1/me/profile", bind(PatchProfile));
  AddRoute(router, context.metrics, "POST", "/v1/me/password", bind(ChangePassword));
  AddRoute(router, context.metrics, "GET", "/v1/me/sessions", bind(ListSessions));
  AddRoute(router, context.metrics, "DELETE", "/v1/me/sessions/{id}", bind(DeleteSession));
  AddRoute(router, context.metrics, "POST", "/v1/me/sessions/revoke-all", bind(RevokeAll));
}

}  // namespace portcullis::api
