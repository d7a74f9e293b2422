// MailOptions: how mail leaves the server (SMTP or .eml files), who it is from and where the
// templates are. Declared as settings in mail/mail_settings.cc. Plain value type.
#pragma once

#include <chrono>
#include <string>

namespace portcullis::mail {

struct MailOptions {
  // smtp://HOST:PORT or smtps://HOST:PORT; empty: every message becomes an .eml file under
  // <data_dir>/mail/ (the embedded default).
  std::string smtp_url;
  std::string smtp_user;
  std::string smtp_password;               // never shown or logged
  std::string smtp_starttls = "required";  // required | opportunistic | off (smtp:// only)
  std::chrono::seconds smtp_timeout{30};   // a whole SMTP conversation
  std::chrono::seconds smtp_connect_timeout{10};
  std::string mail_from = "Portcullis <no-reply@localhost>";  // From; Message-ID's domain
  std::string templates_dir;  // overrides: <dir>/<locale>/<kind>.{subject,txt,html}
  std::string default_locale = "en";
  std::string app_name = "Portcullis";  // {{app_name}} in every template
};

}  // namespace portcullis::mail
