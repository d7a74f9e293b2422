// Fakes of the mail ports for unit tests of core/: a Mailer that records what it was given and
// answers as scripted, a DataSealer that only tags its input, and a MailComposer that renders
// "kind:values". Thread-safe (state under a Mutex).
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "common/mutex.h"
#include "core/crypto_ports.h"
#include "core/ports/mail_composer.h"
#include "core/ports/mailer.h"

namespace portcullis::core::testing {

class FakeMailer final : public Mailer {
 public:
  Status Send(const OutgoingMail& mail) override {
    MutexLock lock(mu_);
    Status answer = Status::Ok();
    if (!script_.empty()) {
      answer = script_.front();
      script_.pop_front();
    } else if (failing_) {
      answer = *failing_;
    }
    attempts_.push_back(mail);
    if (answer) sent_.push_back(mail);
    return answer;
  }
  // The next Send calls answer these, in order; then `FailAll` or ok.
  void Script(std::vector<Status> answers) {
    MutexLock lock(mu_);
    script_.insert(script_.end(), answers.begin(), answers.end());
  }
  // Every Send fails with `error` (nullopt: succeeds) once the script is used up.
  void FailAll(std::optional<Error> error) {
    MutexLock lock(mu_);
    failing_ = std::move(error);
  }
  std::vector<OutgoingMail> sent() const {
    MutexLock lock(mu_);
    return sent_;
  }
  std::size_t attempts() const {
    MutexLock lock(mu_);
    return attempts_.size();
  }

 private:
  mutable Mutex mu_;
  std::deque<Status> script_ GUARDED_BY(mu_);
  std::optional<Error> failing_ GUARDED_BY(mu_);
  std::vector<OutgoingMail> attempts_ GUARDED_BY(mu_);
  std::vector<OutgoingMail> sent_ GUARDED_BY(mu_);
};

// "sealed(<context>):<plaintext>": opens only for the context it was sealed for.
class FakeDataSealer final : public DataSealer {
 public:
  std::string Seal(std::string_view plaintext, std::string_view context) override {
    return Prefix(context) + std::string(plaintext);
  }
  Result<SecretBytes> Open(std::string_view sealed, std::string_view context) override {
    const std::string prefix = Prefix(context);
    if (!sealed.starts_with(prefix)) return MakeError(ErrorCode::kInternal, "does not open");
    return SecretBytes(std::string(sealed.substr(prefix.size())));
  }

 private:
  static std::string Prefix(std::string_view context) {
    return "sealed(" + std::string(context) + "):";
  }
};

// Subject "<kind>", text and HTML "<kind>|name=value|..." in the values' order; locale ignored.
class FakeMailComposer final : public MailComposer {
 public:
  Result<MailContent> Compose(std::string_view kind, std::string_view,
                              const MailValues& values) override {
    std::string body(kind);
    for (const auto& [name, value] : values) body += "|" + name + "=" + value;
    return MailContent{std::string(kind), body, "<p>" + body + "</p>"};
  }
};

}  // namespace portcullis::core::testing
