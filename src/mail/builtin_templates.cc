// The built-in English templates (mustache: {{value}}, {{#value}}...{{/value}} when it is not
// empty). Kept ASCII so an .eml file shows its link exactly as written. Immutable; thread-safe.
#include "mail/builtin_templates.h"

#include <map>
#include <string>

namespace portcullis::mail {
namespace {

constexpr std::string_view kHtmlHead = R"(<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{app_name}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #222; max-width: 36em; margin: 1em auto;">
<p>Hello{{#display_name}} {{display_name}}{{/display_name}},</p>
)";
constexpr std::string_view kHtmlFoot =
    R"(<p style="color: #666; font-size: smaller;">{{app_name}}</p>
</body>
</html>
)";

struct Kind {
  std::string_view subject;
  std::string_view text;
  std::string_view html_body;  // between kHtmlHead and kHtmlFoot
};

// The text bodies share their greeting and signature through these two pieces as well.
constexpr std::string_view kTextHello =
    "Hello{{#display_name}} {{display_name}}{{/display_name}},\n\n";
constexpr std::string_view kTextBye = "\n-- \n{{app_name}}\n";

const std::map<std::string_view, Kind>& Kinds() {
  static const std::map<std::string_view, Kind> kinds = {
      {"activation",
       {"Activate your {{app_name}} account",
        "please confirm your address {{email}} to activate your {{app_name}} account by opening\n"
        "this link within {{expires_in_minutes}} minutes:\n\n{{link}}\n\n"
        "If you did not create this account, you can ignore this message.\n",
        "<p>Please confirm your address {{email}} to activate your {{app_name}} account.</p>\n"
        "<p><a href=\"{{link}}\">Activate my account</a></p>\n"
        "<p>The link works once, within {{expires_in_minutes}} minutes. If you did not create "
        "this account, you can ignore this message.</p>\n"}},
      {"magic_link",
       {"Your {{app_name}} sign-in link",
        "open this link within {{expires_in_minutes}} minutes to sign in to {{app_name}}:\n\n"
        "{{link}}\n\nIf you did not ask for it, you can ignore this message.\n",
        "<p><a href=\"{{link}}\">Sign in to {{app_name}}</a></p>\n"
        "<p>The link works once, within {{expires_in_minutes}} minutes. If you did not ask for "
        "it, you can ignore this message.</p>\n"}},
      {"password_reset",
       {"Reset your {{app_name}} password",
        "someone asked to reset the password of your {{app_name}} account {{email}}. To choose a\n"
        "new password, open this link within {{expires_in_minutes}} minutes:\n\n{{link}}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n",
        "<p>Someone asked to reset the password of your {{app_name}} account {{email}}.</p>\n"
        "<p><a href=\"{{link}}\">Choose a new password</a></p>\n"
        "<p>The link works once, within {{expires_in_minutes}} minutes. If it was not you, "
        "ignore this message: your password stays as it is.</p>\n"}},
      {"password_changed",
       {"Your {{app_name}} password was changed",
        "the password of your {{app_name}} account {{email}} was just changed, and every\n"
        "session was signed out.\n\nIf this was not you, reset your password at once and contact "
        "your administrator.\n",
        "<p>The password of your {{app_name}} account {{email}} was just changed, and every "
        "session was signed out.</p>\n"
        "<p>If this was not you, reset your password at once and contact your "
        "administrator.</p>\n"}},
      {"email_change",
       {"Confirm your new {{app_name}} address",
        "to make {{new_email}} the address of your {{app_name}} account, open this link within\n"
        "{{expires_in_minutes}} minutes:\n\n{{link}}\n\n"
        "If you did not ask for this change, you can ignore this message.\n",
        "<p>To make {{new_email}} the address of your {{app_name}} account, confirm it:</p>\n"
        "<p><a href=\"{{link}}\">Confirm my new address</a></p>\n"
        "<p>The link works once, within {{expires_in_minutes}} minutes. If you did not ask for "
        "this change, you can ignore this message.</p>\n"}},
      {"email_change_notice",
       {"Your {{app_name}} address is being changed",
        "someone signed in to your {{app_name}} account asked to change its address from\n"
        "{{email}} to {{new_email}}. The change takes effect once the new address is confirmed.\n\n"
        "If this was not you, change your password at once and contact your administrator.\n",
        "<p>Someone signed in to your {{app_name}} account asked to change its address from "
        "{{email}} to {{new_email}}. The change takes effect once the new address is "
        "confirmed.</p>\n"
        "<p>If this was not you, change your password at once and contact your "
        "administrator.</p>\n"}},
      {"account_deleted",
       {"Your {{app_name}} account was deleted",
        "your {{app_name}} account {{email}} was deleted, with its sessions and second factor.\n"
        "This address is free to register again.\n",
        "<p>Your {{app_name}} account {{email}} was deleted, with its sessions and second "
        "factor. This address is free to register again.</p>\n"}},
      {"registration_attempt",
       {"Someone tried to register with your address at {{app_name}}",
        "someone tried to create a {{app_name}} account with {{email}}, which already has one.\n"
        "Nothing was changed.\n{{#link}}\nIf you forgot your password, you can choose a new one "
        "here:\n\n{{link}}\n{{/link}}\nIf it was you, just sign in with your existing account.\n",
        "<p>Someone tried to create a {{app_name}} account with {{email}}, which already has "
        "one. Nothing was changed.</p>\n"
        "{{#link}}<p>If you forgot your password, you can <a href=\"{{link}}\">choose a new "
        "one</a>.</p>\n{{/link}}"
        "<p>If it was you, just sign in with your existing account.</p>\n"}},
      {"test",
       {"{{app_name}} test message",
        "this is a test message from {{app_name}} to {{email}}: its mail settings work.\n",
        "<p>This is a test message from {{app_name}} to {{email}}: its mail settings "
        "work.</p>\n"}},
      {"invite",
       {"{{inviter_name}} invites you to {{company_name}} on {{app_name}}",
        "{{inviter_name}} invites you to join {{company_name}} on {{app_name}}. To accept, open\n"
        "this link within {{expires_in_minutes}} minutes:\n\n{{link}}\n\n"
        "If you do not want to join, you can ignore this message.\n",
        "<p>{{inviter_name}} invites you to join {{company_name}} on {{app_name}}.</p>\n"
        "<p><a href=\"{{link}}\">Accept the invitation</a></p>\n"
        "<p>The link works once, within {{expires_in_minutes}} minutes. If you do not want to "
        "join, you can ignore this message.</p>\n"}},
  };
  return kinds;
}

// The full texts, assembled once from the pieces above.
const std::map<std::string_view, std::array<std::string, 3>>& Assembled() {
  static const auto assembled = [] {
    std::map<std::string_view, std::array<std::string, 3>> out;
    for (const auto& [name, kind] : Kinds()) {
      out[name] = {std::string(kind.subject),
                   std::string(kTextHello) + std::string(kind.text) + std::string(kTextBye),
                   std::string(kHtmlHead) + std::string(kind.html_body) + std::string(kHtmlFoot)};
    }
    return out;
  }();
  return assembled;
}

}  // namespace

TemplateTexts BuiltinTemplates(std::string_view kind) {
  const auto& all = Assembled();
  const auto it = all.find(kind);
  if (it == all.end()) return {};
  return {it->second[0], it->second[1], it->second[2]};
}

}  // namespace portcullis::mail
