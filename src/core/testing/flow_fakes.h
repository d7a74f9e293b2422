// Fakes for the flow tests of core/: a composer that writes every value on its own line
// ("name=value") and counts its work, a sealer that keeps the plaintext in the clear (bound to its
// context) and counts its work, and a PKCE check that is not SHA-256. Thread-safe (atomic counters,
// immutable otherwise).
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "core/crypto_ports.h"
#include "core/ports/mail_composer.h"

namespace portcullis::core::testing {

class CountingMailComposer final : public MailComposer {
 public:
  Result<MailContent> Compose(std::string_view kind, std::string_view locale,
                              const MailValues& values) override {
    ++composed;
    MailContent content;
    content.subject = std::string(kind);
    content.text = "kind=" + std::string(kind) + "\nlocale=" + std::string(locale) + "\n";
    for (const auto& [name, value] : values) content.text += name + "=" + value + "\n";
    content.html = content.text;
    return content;
  }
  std::atomic<int> composed{0};
};

class ClearDataSealer final : public DataSealer {
 public:
  std::string Seal(std::string_view plaintext, std::string_view context) override {
    ++sealed;
    return "sealed|" + std::string(context) + "|" + std::string(plaintext);
  }
  Result<SecretBytes> Open(std::string_view sealed_text, std::string_view context) override {
    const std::string prefix = "sealed|" + std::string(context) + "|";
    if (!sealed_text.starts_with(prefix)) return MakeError(ErrorCode::kInternal, "not sealed");
    return SecretBytes(std::string(sealed_text.substr(prefix.size())));
  }
  std::atomic<int> sealed{0};
};

// "S256" that is not SHA-256: the challenge of a verifier is "c(" + verifier + ")".
class FakeCodeChallenges final : public CodeChallenges {
 public:
  std::string S256(std::string_view verifier) override { return ChallengeOf(verifier); }
  bool MatchesS256(std::string_view verifier, std::string_view challenge) override {
    return challenge == ChallengeOf(verifier);
  }
  // A well-formed (43-character) challenge for `verifier` (at most 40 characters).
  static std::string ChallengeOf(std::string_view verifier) {
    std::string out = "c" + std::string(verifier);
    out.resize(43, 'x');
    return out;
  }
};

}  // namespace portcullis::core::testing
