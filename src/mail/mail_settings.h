// Declaration of the mail settings (top level: smtp_*, mail_from, mail_templates_dir,
// default_locale, app_name). Pure functions; thread-safe.
#pragma once

#include "common/options.h"
#include "mail/mail_options.h"

namespace portcullis::mail {

options::Section<MailOptions> MailSection();

}  // namespace portcullis::mail
