// Which URLs sso/ may fetch: https:// anywhere, plain http:// only to a loopback host. Pure
// functions; thread-safe.
#include "sso/http_fetcher.h"

#include <boost/url/parse.hpp>
#include <string>

namespace portcullis::sso {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsLoopbackHost(const boost::urls::url_view& url) {
  switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
      return url.host_ipv4_address().to_bytes()[0] == 127;
    case boost::urls::host_type::ipv6:
      return url.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name:
      return Lower(url.encoded_host()) == "localhost";
    default:
      return false;
  }
}

Error Refused(std::string why) { return MakeError(ErrorCode::kInvalidRequest, std::move(why)); }

}  // namespace

Status CheckFetchableUrl(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return Refused("not an absolute URL");
  const boost::urls::url_view& url = *parsed;
  if (url.has_userinfo()) return Refused("a URL with user info is not fetched");
  if (url.encoded_host().empty()) return Refused("a URL without a host is not fetched");
  const std::string scheme = Lower(url.scheme());
  if (scheme == "https") return Status::Ok();
  if (scheme == "http") {
    if (IsLoopbackHost(url)) return Status::Ok();
    return Refused("plain http:// is fetched only from a loopback host");
  }
  return Refused("only https:// URLs are fetched");
}

}  // namespace portcullis::sso
