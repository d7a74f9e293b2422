// MailComposer: the port that renders a message kind in a locale from its templates (text, HTML
// and subject; HTML-escaped values). Implemented in mail/; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "core/mail.h"

namespace portcullis::core {

class MailComposer {
 public:
  virtual ~MailComposer() = default;
  // `kind` is a template kind ("activation", ...); `locale` a BCP 47 tag or list as a request's
  // Accept-Language gives it (empty: the default locale). The best available locale is used,
  // falling back to the default locale and then to the built-in English. kInternal for an unknown
  // kind.
  virtual Result<MailContent> Compose(std::string_view kind, std::string_view locale,
                                      const MailValues& values) = 0;
};

}  // namespace portcullis::core
