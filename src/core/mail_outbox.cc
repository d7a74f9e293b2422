// MailOutbox: composes, seals and enqueues a message inside the caller's transaction.
// Thread-safe: holds only references to thread-safe ports.
#include "core/mail_outbox.h"

#include <charconv>
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "common/uuid.h"

namespace portcullis::core {
namespace {

// The sealed plaintext: each part as <decimal length>:<bytes>, subject, text, then HTML.
void AppendPart(std::string& out, std::string_view part) {
  out += std::to_string(part.size());
  out += ':';
  out += part;
}

bool ReadPart(std::string_view& in, std::string& part) {
  const auto colon = in.find(':');
  if (colon == std::string_view::npos) return false;
  std::size_t size = 0;
  const auto [end, ec] = std::from_chars(in.data(), in.data() + colon, size);
  if (ec != std::errc() || end != in.data() + colon || in.size() - colon - 1 < size) return false;
  part.assign(in.substr(colon + 1, size));
  in.remove_prefix(colon + 1 + size);
  return true;
}

}  // namespace

Result<MailContent> OpenMailContent(DataSealer& sealer, const OutboxMessage& message) {
  ASSIGN_OR_RETURN(SecretBytes plain, sealer.Open(message.sealed_content, message.id));
  std::string_view in = plain.view();
  MailContent content;
  if (!ReadPart(in, content.subject) || !ReadPart(in, content.text) ||
      !ReadPart(in, content.html) || !in.empty()) {
    return MakeError(ErrorCode::kInternal, "an outbox message's content is malformed");
  }
  return content;
}

MailOutbox::MailOutbox(MailComposer& composer, DataSealer& sealer, Random& random,
                       const Clock& clock, std::function<void()> wake)
    : composer_(composer),
      sealer_(sealer),
      random_(random),
      clock_(clock),
      wake_(std::move(wake)) {}

Status MailOutbox::Enqueue(Repositories& repos, std::string_view kind, std::string_view to,
                           std::string_view locale, MailValues values, std::string* id) {
  values.emplace_back("email", std::string(to));
  ASSIGN_OR_RETURN(MailContent content, composer_.Compose(kind, locale, values));
  std::string plain;
  AppendPart(plain, content.subject);
  AppendPart(plain, content.text);
  AppendPart(plain, content.html);
  OutboxMessage message;
  message.id = NewUuidV4(random_);
  message.kind = std::string(kind);
  message.recipient = std::string(to);
  message.sealed_content = sealer_.Seal(plain, message.id);
  message.created_at = clock_.NowSeconds();
  message.next_attempt_at = message.created_at;
  RETURN_IF_ERROR(repos.outbox().Enqueue(message));
  if (id != nullptr) *id = message.id;
  return Status::Ok();
}

void MailOutbox::Wake() {
  if (wake_) wake_();
}

}  // namespace portcullis::core
