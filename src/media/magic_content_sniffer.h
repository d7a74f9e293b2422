// MagicContentSniffer: core::ContentSniffer over libmagic (MAGIC_MIME_TYPE, the system's compiled
// database). Thread-safe: libmagic's handle is not, so one handle is used under a mutex.
#pragma once

#include <memory>
#include <string>

#include "common/mutex.h"
#include "common/status.h"
#include "core/ports/content_sniffer.h"

namespace portcullis::media {

class MagicContentSniffer final : public core::ContentSniffer {
 public:
  // kInternal when libmagic or its database cannot be loaded.
  static Result<std::unique_ptr<MagicContentSniffer>> Create();
  ~MagicContentSniffer() override;

  // Looks at the first kSniffBytes of `head` only.
  std::string Sniff(std::string_view head) override;

 private:
  struct Handle;
  explicit MagicContentSniffer(std::unique_ptr<Handle> handle);

  Mutex mu_;
  const std::unique_ptr<Handle> handle_ PT_GUARDED_BY(mu_);
};

}  // namespace portcullis::media
