// The settings of the HTTP server ([http]): listen address, threads, queue, limits and timeouts,
// declared against ServerOptions, whose initialisers are the defaults. Built on each call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/options.h"
#include "common/status.h"
#include "http/server.h"

namespace portcullis::http {

// http.listen, http.io_threads, http.worker_threads, http.worker_queue, http.max_body_bytes,
// http.max_header_bytes, http.read_timeout, http.idle_timeout, http.trusted_proxies,
// http.content_security_policy, http.hsts_max_age.
options::Section<ServerOptions> ServerSection();

// HOST:PORT, the host possibly a bracketed IPv6 literal ("[::1]:8080"), into `host` and `port`
// (left alone on error); for other listeners' settings too.
Status ParseListenAddress(std::string_view text, std::string& host, uint16_t& port);

}  // namespace portcullis::http
