// Conversion of a parsed Boost.Beast request head into the transport-neutral Request.
// Pure function; thread-safe. Internal to http/ (the only module that sees Beast types).
#pragma once

#include <boost/beast/http/message.hpp>

#include "http/message.h"

namespace portcullis::http {

// Sets method, target, path, query and headers (names lower-cased, order kept), reusing the
// request's existing string capacity. Leaves body, remote_ip, path_params and route alone.
// Returns false when the target is unusable (not origin- or absolute-form, or a malformed
// escape): the caller answers 400.
bool FillRequestHead(const boost::beast::http::request_header<>& head, Request& request);

}  // namespace portcullis::http
