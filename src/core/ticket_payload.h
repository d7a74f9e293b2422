// TicketPayload: a ticket's own data (redirect_to, code_challenge, amr, ...) as the flat JSON
// object of strings that OneTimeTicket::payload_json stores. Core has no JSON library, and this is
// all a ticket needs. Plain value type; pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::core {

class TicketPayload {
 public:
  TicketPayload() = default;

  // A flat object of string members, as Encode writes it; nullopt for anything else.
  static std::optional<TicketPayload> Decode(std::string_view json);
  std::string Encode() const;

  // Sets `key` (replacing an earlier value); an empty value is left out.
  TicketPayload& Set(std::string_view key, std::string_view value);
  // The value of `key`, or "" when absent.
  std::string Get(std::string_view key) const;

 private:
  std::vector<std::pair<std::string, std::string>> members_;
};

}  // namespace portcullis::core
