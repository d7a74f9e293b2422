// Logging: the process log (spdlog, JSON lines on stderr) and the access log observer that also
// feeds request metrics. Configure once at start; the observer is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/common/request_observer.h"
#include "app/batched_line_writer.h"
#include "http/server.h"

namespace portcullis::app {

void ConfigureLogging(const std::string& level);
// Process log lines; the message becomes a JSON string. Never pass a secret.
void LogInfo(std::string_view message);
void LogWarn(std::string_view message);
void LogError(std::string_view message);
// Counts every answered request in `metrics` and, when `access_log` is set, appends one JSON line
// for it there: time, method, route, path, status, bytes, duration, client. Never the query string,
// headers or bodies (they may carry secrets). `access_log` must outlive the observer's use.
http::RequestObserver MakeRequestObserver(api::RequestObserver& metrics,
                                          BatchedLineWriter* access_log);

}  // namespace portcullis::app
