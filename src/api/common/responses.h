// Response helpers every JSON dialect uses: a JSON body with a status, and 204 No Content.
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>

#include "http/message.h"

namespace portcullis::api {

http::Response JsonResponse(int status, const boost::json::value& body);
http::Response NoContent();

}  // namespace portcullis::api
