// OneTimeTicket kind names.
// Pure functions; thread-safe.
#include "core/one_time_ticket.h"

#include <array>
#include <utility>

namespace portcullis::core {
namespace {

constexpr std::array<std::pair<TicketKind, std::string_view>, 6> kNames{{
    {TicketKind::kActivation, "activation"},
    {TicketKind::kMagicLink, "magic_link"},
    {TicketKind::kPasswordReset, "password_reset"},
    {TicketKind::kEmailChange, "email_change"},
    {TicketKind::kInvite, "invite"},
    {TicketKind::kExchangeCode, "exchange_code"},
}};

}  // namespace

std::string_view TicketKindName(TicketKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<TicketKind> TicketKindFromName(std::string_view name) {
  for (const auto& [kind, n] : kNames) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

}  // namespace portcullis::core
