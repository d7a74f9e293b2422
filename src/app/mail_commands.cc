// `portcullis mail test --to ADDRESS`: enqueues a test message into the outbox of the configured
// database and prints its id; a running server's sender delivers it (within mail_poll).
// Runs on the main thread.
#include <iostream>
#include <string>

#include "app/commands.h"
#include "app/services.h"
#include "mail/mail_address.h"

namespace portcullis::app {

int MailTest(const Settings& settings, const std::string& to) {
  if (!mail::IsPlainAddress(to)) {
    std::cerr << "portcullis: mail test: --to must be an address such as admin@example.com\n";
    return 1;
  }
  auto services = Services::Create(settings);
  if (!services) {
    std::cerr << "portcullis: " << services.error().detail << "\n";
    return 2;
  }
  Services& s = **services;
  std::string id;
  const Status enqueued = s.store().Write([&](core::Repositories& repos) {
    return s.mail_outbox().Enqueue(repos, "test", to, settings.mail.default_locale, {}, &id);
  });
  if (!enqueued) {
    std::cerr << "portcullis: mail test: " << enqueued.error().detail << "\n";
    return 1;
  }
  std::cout << "enqueued test message " << id << " to " << to << " in " << DatabaseLabel(settings)
            << " (a running server sends it within mail_poll)\n";
  return 0;
}

}  // namespace portcullis::app
