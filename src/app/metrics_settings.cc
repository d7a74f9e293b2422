// Declarations of the operator listener's settings: names, checks, help and former flat names.
// Pure functions; thread-safe.
#include "app/metrics_settings.h"

#include <string_view>

#include "http/server_settings.h"

namespace portcullis::app {

options::Section<MetricsListenerOptions> MetricsListenerSection() {
  options::Section<MetricsListenerOptions> s("metrics", "Operator listener");
  s.Custom(
       "listen",
       "HOST:PORT of the listener serving /metrics, /health and /ready apart from the API; off: "
       "none",
       [](MetricsListenerOptions& o, std::string_view text) -> Status {
         if (text == "off") {
           o.enabled = false;
           return Status::Ok();
         }
         o.enabled = true;
         return http::ParseListenAddress(text, o.host, o.port);
       },
       [](const MetricsListenerOptions& o) {
         return o.enabled ? o.host + ":" + std::to_string(o.port) : std::string("off");
       })
      .Alias("metrics_listen");
  s.Add("token", &MetricsListenerOptions::token,
        "bearer token that opens /metrics on the main listener; empty: /metrics is 404 there")
      .Secret()
      .Require([](const std::string& t) { return t.empty() || t.size() >= 16; },
               "must be empty or at least 16 characters")
      .Alias("metrics_token");
  return s;
}

}  // namespace portcullis::app
