// The built-in English templates, compiled into the binary: a subject, a text and an HTML body for
// every mail kind (docs/EMAIL.md lists the kinds and their values). Immutable; thread-safe.
#pragma once

#include <array>
#include <string_view>

namespace portcullis::mail {

// Every kind a template exists for (core's services send these names).
inline constexpr std::array<std::string_view, 10> kMailKinds = {"activation",
                                                                "magic_link",
                                                                "password_reset",
                                                                "password_changed",
                                                                "email_change",
                                                                "email_change_notice",
                                                                "account_deleted",
                                                                "registration_attempt",
                                                                "test",
                                                                "invite"};

struct TemplateTexts {
  std::string_view subject;
  std::string_view text;
  std::string_view html;
};

// The built-in English texts of `kind` (one of kMailKinds).
TemplateTexts BuiltinTemplates(std::string_view kind);

}  // namespace portcullis::mail
