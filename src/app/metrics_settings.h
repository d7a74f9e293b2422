// The settings of the operator listener ([metrics]): where /metrics, /health and /ready are served
// apart from the API, and the token that opens /metrics on the main listener. Built on each call;
// the values are read-only after start.
#pragma once

#include <cstdint>
#include <string>

#include "common/options.h"

namespace portcullis::app {

struct MetricsListenerOptions {
  bool enabled = true;  // false: `listen = off`, no second listener
  std::string host = "127.0.0.1";
  uint16_t port = 9464;
  // When set, the main listener answers /metrics to "Authorization: Bearer <token>"; otherwise
  // it answers 404 there. A secret: never shown or logged.
  std::string token;
};

// metrics.listen (HOST:PORT or "off"), metrics.token.
options::Section<MetricsListenerOptions> MetricsListenerSection();

}  // namespace portcullis::app
