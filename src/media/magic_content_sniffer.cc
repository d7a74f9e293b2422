// MagicContentSniffer: magic_open with MAGIC_MIME_TYPE and decompression, ELF, CDF and tar
// checks off (only the leading bytes are given, and those parsers are libmagic's riskiest);
// magic_buffer under the mutex. Thread-safe.
#include "media/magic_content_sniffer.h"

#include <magic.h>

#include <algorithm>

namespace portcullis::media {

struct MagicContentSniffer::Handle {
  magic_t cookie = nullptr;
  ~Handle() {
    if (cookie != nullptr) magic_close(cookie);
  }
};

Result<std::unique_ptr<MagicContentSniffer>> MagicContentSniffer::Create() {
  auto handle = std::make_unique<Handle>();
  handle->cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF |
                              MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_TAR | MAGIC_ERROR);
  if (handle->cookie == nullptr || magic_load(handle->cookie, nullptr) != 0) {
    return MakeError(ErrorCode::kInternal, "libmagic's database could not be loaded");
  }
  return std::unique_ptr<MagicContentSniffer>(new MagicContentSniffer(std::move(handle)));
}

MagicContentSniffer::MagicContentSniffer(std::unique_ptr<Handle> handle)
    : handle_(std::move(handle)) {}

MagicContentSniffer::~MagicContentSniffer() = default;

std::string MagicContentSniffer::Sniff(std::string_view head) {
  if (head.empty()) return "application/x-empty";
  head = head.substr(0, std::min(head.size(), kSniffBytes));
  std::string type;
  {
    MutexLock lock(mu_);
    const char* found = magic_buffer(handle_->cookie, head.data(), head.size());
    if (found != nullptr) type = found;
  }
  std::string out;
  for (char c : type) {
    if (c == ';' || c == ' ') break;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  if (out.empty() || out.find('/') == std::string::npos) return "application/octet-stream";
  return out;
}

}  // namespace portcullis::media
