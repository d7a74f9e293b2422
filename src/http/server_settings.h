// The settings of the HTTP server ([http]): listen address, threads, queue, limits and timeouts,
// declared against ServerOptions, whose initialisers are the defaults. Built on each call.
#pragma once

#include "common/options.h"
#include "http/server.h"

namespace portcullis::http {

// http.listen, http.io_threads, http.worker_threads, http.worker_queue, http.max_body_bytes,
// http.max_header_bytes, http.read_timeout, http.idle_timeout.
options::Section<ServerOptions> ServerSection();

}  // namespace portcullis::http
