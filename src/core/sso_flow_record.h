// SsoFlowRecord: what a single sign-on start keeps for its callback in the EphemeralStore (under a
// key derived from the state), and its encoding. Plain value type; pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/sso_service.h"

namespace portcullis::core {

struct SsoFlowRecord {
  std::string provider;
  std::string nonce;           // the ID token must carry it back
  std::string code_verifier;   // PKCE: the provider's code is redeemed with it
  std::string binding_hash;    // SHA-256 (OpaqueTokens::HashOf) of the browser binding cookie
  std::string callback_url;    // our callback URL as sent to the provider
  std::string redirect_uri;    // programmatic mode's target; empty: browser mode
  std::string code_challenge;  // programmatic mode: the client's S256 for the exchange code
  std::string invite;          // the invite ticket the start carried; empty: none
  SsoPurpose purpose = SsoPurpose::kLogin;
  std::string link_user_id;  // kLink: the account the identity is linked to
};

// The EphemeralStore key of the flow whose state is `state`, from the state's SHA-256
// (`state_hash`), so the store never holds the state itself as a name.
std::string SsoFlowKey(std::string_view state_hash);

std::string EncodeSsoFlow(const SsoFlowRecord& flow);
// nullopt when `text` is not what EncodeSsoFlow wrote.
std::optional<SsoFlowRecord> DecodeSsoFlow(std::string_view text);

}  // namespace portcullis::core
