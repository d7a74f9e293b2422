// Conversion of a parsed Boost.Beast request head into Request, without reallocating on reuse.
// Pure function; thread-safe.
#include "http/request_head.h"

#include "http/target.h"

namespace portcullis::http {

bool FillRequestHead(const boost::beast::http::request_header<>& head, Request& request) {
  request.method.assign(head.method_string());
  std::size_t count = 0;
  for (auto it = head.begin(); it != head.end(); ++it) ++count;
  request.headers.resize(count);
  std::size_t i = 0;
  for (const auto& field : head) {
    auto& [name, value] = request.headers[i++];
    const std::string_view field_name = field.name_string();
    name.resize(field_name.size());
    for (std::size_t k = 0; k < field_name.size(); ++k) {
      const char c = field_name[k];
      name[k] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    value.assign(field.value());
  }
  return ParseTarget(head.target(), request);
}

}  // namespace portcullis::http
