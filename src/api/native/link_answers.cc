// Redirects and built-in pages for the flows that mailed links open in a browser.
// Pure functions; thread-safe.
#include "api/native/link_answers.h"

#include "http/query.h"

namespace portcullis::api::native {
namespace {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void AddNoStoreHeaders(http::Response& response) {
  response.AddHeader("Cache-Control", "no-store");
  response.AddHeader("Referrer-Policy", "no-referrer");
}

}  // namespace

http::Response Found(std::string url) {
  http::Response response;
  response.status = 302;
  response.AddHeader("Location", std::move(url));
  AddNoStoreHeaders(response);
  return response;
}

http::Response Page(int status, std::string_view title, std::string_view message) {
  http::Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
                  "</title></head><body><h1>" + HtmlEscape(title) + "</h1><p>" +
                  HtmlEscape(message) + "</p></body></html>\n";
  AddNoStoreHeaders(response);
  response.AddHeader("Content-Security-Policy", "default-src 'none'");
  return response;
}

http::Response LinkDone(const NativeFlows& flows, std::string_view redirect_to,
                        std::string_view code, std::string_view title, std::string_view message) {
  const std::string_view target = redirect_to.empty() ? flows.redirect_url_success : redirect_to;
  if (target.empty()) return Page(200, title, message);
  if (code.empty()) return Found(std::string(target));
  return Found(WithQuery(target, {{"code", std::string(code)}}));
}

Result<http::Response> LinkFailed(const NativeFlows& flows, const Error& error) {
  if (flows.redirect_url_error.empty()) return error;
  const std::string reason = error.reason == Reason::kTicketUnusable
                                 ? "invalid_ticket"
                                 : std::string(ErrorCodeName(error.code));
  return Found(WithQuery(flows.redirect_url_error, {{"error", reason}}));
}

Result<std::string> QueryValue(const http::Request& request, std::string_view key) {
  auto params = http::ParseQuery(request.query);
  if (!params) return params.error();
  return std::string(http::FindParam(*params, key).value_or(""));
}

}  // namespace portcullis::api::native
