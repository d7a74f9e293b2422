// ContentSniffer: the port that names an upload's MIME type from its first bytes (the stored
// content type never comes from the client). Implementations are thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace portcullis::core {

class ContentSniffer {
 public:
  // How many leading bytes Sniff looks at; a caller passes at most this many.
  static constexpr std::size_t kSniffBytes = 8192;

  virtual ~ContentSniffer() = default;
  // The MIME type of content beginning with `head` ("image/png", "text/html"), lower case and
  // without parameters; "application/octet-stream" when nothing matches, "application/x-empty"
  // for no bytes. Never fails.
  virtual std::string Sniff(std::string_view head) = 0;
};

}  // namespace portcullis::core
