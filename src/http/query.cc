// Query string parsing on Boost.URL (validation and decoding), with form semantics ('+' is space).
// Pure functions; thread-safe.
#include "http/query.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse_query.hpp>

namespace portcullis::http {

Result<QueryParams> ParseQuery(std::string_view query) {
  QueryParams params;
  if (query.empty()) return params;
  // Boost.URL 1.81's parse_query measures its input again with strlen (it rebuilds the view from
  // s.data()), so a view that is not NUL-terminated is read past its end: parse a terminated copy.
  const std::string terminated(query);
  auto parsed = boost::urls::parse_query(terminated);
  if (!parsed) return MakeError(ErrorCode::kInvalidRequest, "malformed query string");
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  for (const auto& param : *parsed) {
    if (param.key.empty() && !param.has_value) continue;  // "a=1&&b=2"
    std::string key = param.key.decode(opts);
    std::string value = param.has_value ? param.value.decode(opts) : std::string();
    if (key.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
      return MakeError(ErrorCode::kInvalidRequest, "NUL in query string");
    }
    params.emplace_back(std::move(key), std::move(value));
  }
  return params;
}

std::optional<std::string_view> FindParam(const QueryParams& params, std::string_view key) {
  for (const auto& [k, v] : params) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

}  // namespace portcullis::http
