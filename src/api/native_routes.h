// The native /v1 API (Hubrix paths) and the operational endpoints, added to a Router.
// Call once at start; the handlers it adds are thread-safe.
#pragma once

#include "api/api_context.h"
#include "http/router.h"

namespace portcullis::api {

void AddAuthRoutes(http::Router& router, ApiContext& context);  // /v1/auth/*
void AddMeRoutes(http::Router& router, ApiContext& context);    // /v1/me/*
void AddOpsRoutes(http::Router& router, ApiContext& context);   // health, ready, metrics, JWKS
void AddMfaRoutes(http::Router& router, ApiContext& context);   // /v1/me/mfa/*

inline void AddNativeRoutes(http::Router& router, ApiContext& context) {
  AddAuthRoutes(router, context);
  AddMeRoutes(router, context);
  AddOpsRoutes(router, context);
  if (context.mfa != nullptr) AddMfaRoutes(router, context);
}

}  // namespace portcullis::api
