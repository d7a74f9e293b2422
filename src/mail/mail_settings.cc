// Declaration of the mail settings: names, checks and help. Pure functions; thread-safe.
#include "mail/mail_settings.h"

#include "mail/mail_address.h"

namespace portcullis::mail {

options::Section<MailOptions> MailSection() {
  using std::chrono::seconds;
  options::Section<MailOptions> s("", "Mail");
  s.Add("smtp_url", &MailOptions::smtp_url,
        "SMTP server: smtp://HOST:PORT (STARTTLS as smtp_starttls says) or smtps://HOST:PORT "
        "(TLS from the start); empty: every message is written as an .eml file under "
        "<data_dir>/mail/ (docs/EMAIL.md). Put credentials in smtp_user and smtp_password")
      .Require(
          [](const std::string& v) {
            return v.empty() || v.starts_with("smtp://") || v.starts_with("smtps://");
          },
          "must be empty, smtp://HOST:PORT or smtps://HOST:PORT");
  s.Add("smtp_user", &MailOptions::smtp_user, "SMTP login name (empty: no login)");
  s.Add("smtp_password", &MailOptions::smtp_password, "SMTP password").Secret();
  s.Add("smtp_starttls", &MailOptions::smtp_starttls,
        "STARTTLS on smtp://: required (refuse to send without TLS), opportunistic (TLS when "
        "offered) or off")
      .OneOf({"required", "opportunistic", "off"});
  s.Add("smtp_timeout", &MailOptions::smtp_timeout,
        "seconds one SMTP delivery may take in all (the outbox lease is a little longer)")
      .Between(seconds(1), seconds(600));
  s.Add("smtp_connect_timeout", &MailOptions::smtp_connect_timeout,
        "seconds to connect to the SMTP server")
      .Between(seconds(1), seconds(120));
  s.Add("mail_from", &MailOptions::mail_from,
        "the From of every message, \"Name <address>\" or an address; its domain names the "
        "Message-IDs")
      .Require([](const std::string& v) { return ParseMailAddress(v).ok(); },
               "must be an address such as \"Name <no-reply@example.com>\"");
  s.Add("mail_templates_dir", &MailOptions::templates_dir,
        "directory of template overrides, <dir>/<locale>/<kind>.subject, .txt and .html "
        "(docs/EMAIL.md); "
        "empty: the built-in English templates only");
  s.Add("default_locale", &MailOptions::default_locale,
        "template locale when the request's Accept-Language matches none (built-in English when "
        "it has no templates)")
      .Require([](const std::string& v) { return !v.empty(); }, "must not be empty");
  s.Add("app_name", &MailOptions::app_name, "the service's name in mail ({{app_name}})")
      .Require([](const std::string& v) { return !v.empty(); }, "must not be empty");
  return s;
}

}  // namespace portcullis::mail
