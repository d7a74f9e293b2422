// ServingPolicy: how a stored object's bytes may reach a browser, decided from its sniffed MIME
// type alone — inline only for types a browser shows but never runs. Pure function; no state.
#pragma once

#include <string_view>

namespace portcullis::core {

struct ServingPolicy {
  // false: `Content-Disposition: attachment` and `Content-Security-Policy: sandbox`. Every
  // response also carries `X-Content-Type-Options: nosniff`, whatever this says.
  bool inline_allowed = false;
  bool operator==(const ServingPolicy&) const = default;
};

// Inline for an allow-list of passive types: raster images (not SVG), audio, video, PDF, plain
// text, JSON, CSV, zip-like archives and application/octet-stream. Everything else is served as an
// attachment in a sandbox: HTML, SVG, XML of any kind (+xml), JavaScript, CSS (when not on the
// list), any other text/* and any type not recognised. `mime_type` may carry parameters
// ("text/plain; charset=utf-8"); its case is ignored.
ServingPolicy ServingPolicyFor(std::string_view mime_type);

}  // namespace portcullis::core
