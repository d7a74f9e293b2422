// OneTimeTicket: an emailed, single-use ticket (activation, magic link, password reset, email
// change, invite) or a redirect's exchange code, as the store keeps it. Plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portcullis::core {

enum class TicketKind {
  kActivation,
  kMagicLink,
  kPasswordReset,
  kEmailChange,
  kInvite,
  kExchangeCode,  // the one-time `code` a redirect carries, exchanged for tokens within 60 s
};

// "activation", "magic_link", "password_reset", "email_change", "invite", "exchange_code": the
// stored spelling (never change it).
std::string_view TicketKindName(TicketKind kind);
std::optional<TicketKind> TicketKindFromName(std::string_view name);

struct OneTimeTicket {
  std::string token_hash;  // lower-case hex SHA-256 of the token (OpaqueTokens::HashOf); the key
  TicketKind kind = TicketKind::kActivation;
  std::string user_id;  // the account it acts on; empty when there is none yet (a sign-up link)
  std::string email;    // the normalised address it was sent to (the new one for an email change)
  std::string payload_json = "{}";  // the kind's own data (redirect_to, code_challenge, amr, ...)
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

}  // namespace portcullis::core
