// MustacheComposer: core's MailComposer over kainjow mustache. The built-in English templates
// (mail/builtin_templates.h) and the overrides under `mail_templates_dir`
// (<dir>/<locale>/<kind>.subject, .txt and .html; docs/EMAIL.md) are parsed once at start; the
// HTML part is rendered with HTML escaping, the subject and text parts as written. The locale is
// looked up from the request's Accept-Language, else `default_locale`, else built-in English.
// Immutable after Create; thread-safe (each render works on its own copy of the template).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "core/ports/mail_composer.h"
#include "mail/mail_options.h"

namespace portcullis::mail {

class MustacheComposer final : public core::MailComposer {
 public:
  // kInvalidRequest naming the file for an override that does not parse, a kind's set that lacks
  // one of its three files, a file of an unknown kind, or a templates_dir that cannot be read.
  static Result<std::unique_ptr<MustacheComposer>> Create(const MailOptions& options);
  ~MustacheComposer() override;

  Result<core::MailContent> Compose(std::string_view kind, std::string_view locale,
                                    const core::MailValues& values) override;
  // The locale Compose uses for `kind` and `accept_language` ("en" when built-in).
  std::string LocaleFor(std::string_view kind, std::string_view accept_language) const;

  struct Parsed;  // a kind's three parsed templates

 private:
  MustacheComposer(std::string default_locale, std::string app_name);

  const std::string default_locale_;
  const std::string app_name_;
  // locale (lower case) → kind → templates; "en" holds the built-ins unless overridden.
  std::map<std::string, std::map<std::string, std::unique_ptr<Parsed>, std::less<>>, std::less<>>
      templates_;
};

}  // namespace portcullis::mail
