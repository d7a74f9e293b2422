// spdlog setup and the JSON access log.
// ConfigureLogging is called once; the observer may run on any I/O thread.
#include "app/logging.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

namespace portcullis::app {

void ConfigureLogging(const std::string& level) {
  spdlog::init_thread_pool(8192, 1);
  auto logger = std::make_shared<spdlog::async_logger>(
      "portcullis", std::make_shared<spdlog::sinks::stderr_sink_mt>(), spdlog::thread_pool(),
      spdlog::async_overflow_policy::overrun_oldest);
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":%v})",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

void LogInfo(std::string_view message) {
  spdlog::info("{}", boost::json::serialize(boost::json::value(message)));
}
void LogWarn(std::string_view message) {
  spdlog::warn("{}", boost::json::serialize(boost::json::value(message)));
}
void LogError(std::string_view message) {
  spdlog::error("{}", boost::json::serialize(boost::json::value(message)));
}

http::RequestObserver MakeRequestObserver(api::Metrics& metrics, bool access_log) {
  return [&metrics, access_log](const http::RequestRecord& record) {
    const http::Request* request = record.request;
    const std::string_view route = request ? std::string_view(request->route) : std::string_view();
    metrics.ObserveRequest(route, record.status, record.seconds);
    if (!access_log) return;
    boost::json::object line;
    line["event"] = "request";
    if (request) {
      line["method"] = request->method;
      line["route"] = request->route.empty() ? "unmatched" : request->route;
      line["path"] = request->path.substr(0, 256);
      line["ip"] = request->remote_ip;
      line["ua"] = std::string(request->Header("user-agent").value_or("")).substr(0, 128);
    }
    line["status"] = record.status;
    line["bytes"] = record.response_bytes;
    line["ms"] = static_cast<double>(static_cast<int64_t>(record.seconds * 1e5)) / 100.0;
    spdlog::info("{}", boost::json::serialize(line));
  };
}

}  // namespace portcullis::app
