// libFuzzer entry point: request bytes through the Beast parser (whole and in pieces), then the
// framing checks and the target, router, query and cookie parsers. Stateless apart from a const
// router; thread-safe.
#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/cookie.h"
#include "http/framing.h"
#include "http/query.h"
#include "http/request_head.h"
#include "http/router.h"

namespace {

namespace beast = boost::beast;
using Parser = beast::http::request_parser<beast::http::string_body>;

const portcullis::http::Router& FuzzRouter() {
  static const portcullis::http::Router router = [] {
    portcullis::http::Router r;
    auto ok = [](portcullis::http::Request&) { return portcullis::http::Response{}; };
    for (const char* route :
         {"GET /", "GET /v1/users/{id}", "GET /v1/users/me", "DELETE /v1/me/sessions/{id}",
          "POST /v1/{tenant}/files/{file}/versions"}) {
      const std::string_view spec(route);
      const std::size_t space = spec.find(' ');
      if (!r.Add(std::string(spec.substr(0, space)), std::string(spec.substr(space + 1)), ok)) {
        std::abort();  // the fixed table above is valid
      }
    }
    return r;
  }();
  return router;
}

void Configure(Parser& parser) {
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
}

// Feeds `data` the way Connection::Parse does: whatever is buffered, keeping unconsumed bytes.
bool Feed(Parser& parser, std::string_view data, std::size_t piece) {
  std::string buffered;
  std::size_t offset = 0;
  bool stalled = false;  // the last put consumed nothing
  while (!parser.is_done()) {
    if (offset < data.size()) {
      const std::size_t n = std::min(piece, data.size() - offset);
      buffered.append(data.substr(offset, n));
      offset += n;
    } else if (stalled || buffered.empty()) {
      if (!parser.got_some()) return false;
      beast::error_code ec;
      parser.put_eof(ec);
      return !ec && parser.is_done();
    }
    beast::error_code ec;
    const std::size_t used = parser.put(boost::asio::buffer(buffered), ec);
    buffered.erase(0, used);
    if (ec && ec != beast::http::error::need_more) return false;
    stalled = used == 0;
  }
  return true;
}

void Exercise(Parser& parser) {
  (void)portcullis::http::FramingProblem(parser.get().base(), parser.chunked());
  portcullis::http::Request request;
  if (!portcullis::http::FillRequestHead(parser.get().base(), request)) return;
  request.body = parser.get().body();
  (void)FuzzRouter().Match(request);
  auto query = portcullis::http::ParseQuery(request.query);
  if (query.ok()) (void)portcullis::http::FindParam(*query, "a");
  (void)portcullis::http::ParseRequestCookies(request);
  (void)portcullis::http::ParseQuery(request.body);  // form bodies use the same parser
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  {
    Parser parser;
    Configure(parser);
    if (Feed(parser, bytes, bytes.size() + 1)) Exercise(parser);
  }
  {
    // Split deliveries: the piece size comes from the input so the fuzzer explores boundaries.
    Parser parser;
    Configure(parser);
    const std::size_t piece = size == 0 ? 1 : 1 + data[0] % 17;
    if (Feed(parser, bytes, piece)) Exercise(parser);
  }
  return 0;
}
