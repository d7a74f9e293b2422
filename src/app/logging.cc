// spdlog setup and the JSON access log (lines batched by a BatchedLineWriter).
// ConfigureLogging is called once; the observer may run on any I/O thread.
#include "app/logging.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <iterator>

namespace portcullis::app {

void ConfigureLogging(const std::string& level) {
  // The process log is low-volume (access lines bypass spdlog: BatchedLineWriter). spdlog's queue
  // preallocates every slot (≈ 400 bytes each), so 1024 slots hold 0.4 MB where 8192 held 3.2 MB of
  // an idle server's memory; past that, the oldest waiting lines are overwritten.
  spdlog::init_thread_pool(1024, 1);
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

namespace {

// Appends `text` as a JSON string. Bytes outside printable ASCII are written as \u00XX, so the
// line stays valid JSON whatever a client put in its path or user agent.
void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '"' || byte == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20 || byte >= 0x7F) {
      out.append("\\u00");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

// "2026-12-01T17:44:56.123Z", the process log's time format; the part up to the seconds is
// formatted once a second per thread.
void AppendUtcTime(std::string& out, std::chrono::system_clock::time_point now) {
  thread_local std::time_t cached_second = -1;
  thread_local char cached[32];
  const auto since_epoch = now.time_since_epoch();
  const std::time_t second = static_cast<std::time_t>(
      std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count());
  if (second != cached_second) {
    std::tm utc{};
    gmtime_r(&second, &utc);
    std::strftime(cached, sizeof(cached), "%Y-%m-%dT%H:%M:%S", &utc);
    cached_second = second;
  }
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
  out.append(cached);
  fmt::format_to(std::back_inserter(out), ".{:03}Z", millis);
}

// One access-log line in the process log's shape ({"ts","level","msg"}), written by hand: this
// runs for every request and is measurably cheaper than building a JSON document.
std::string AccessLine(const http::RequestRecord& record) {
  const http::Request* request = record.request;
  std::string line;
  line.reserve(320);
  line.append(R"({"ts":")");
  AppendUtcTime(line, std::chrono::system_clock::now());
  line.append(R"(","level":"info","msg":{"event":"request")");
  if (request) {
    line.append(R"(,"method":)");
    AppendJsonString(line, request->method);
    line.append(R"(,"route":)");
    AppendJsonString(line, request->route.empty() ? "unmatched" : request->route);
    line.append(R"(,"path":)");
    AppendJsonString(line, std::string_view(request->path).substr(0, 256));
    line.append(R"(,"ip":)");
    AppendJsonString(line, request->remote_ip);
    line.append(R"(,"ua":)");
    AppendJsonString(line, request->Header("user-agent").value_or("").substr(0, 128));
  }
  fmt::format_to(std::back_inserter(line), R"(,"status":{},"bytes":{},"ms":{:.3f}}}}})",
                 record.status, record.response_bytes, record.seconds * 1e3);
  return line;
}

}  // namespace

http::RequestObserver MakeRequestObserver(api::RequestObserver& metrics,
                                          BatchedLineWriter* access_log) {
  return [&metrics, access_log](const http::RequestRecord& record) {
    metrics.OnAnswered(record);
    if (access_log != nullptr) access_log->Append(AccessLine(record));
  };
}

}  // namespace portcullis::app
