// SsoFlowRecord's encoding: TicketPayload's flat JSON object of strings.
// Pure functions; thread-safe.
#include "core/sso_flow_record.h"

#include "core/ticket_payload.h"

namespace portcullis::core {
namespace {

constexpr std::string_view kLogin = "login";
constexpr std::string_view kLink = "link";

}  // namespace

std::string SsoFlowKey(std::string_view state_hash) {
  return "sso_flow:" + std::string(state_hash);
}

std::string EncodeSsoFlow(const SsoFlowRecord& flow) {
  TicketPayload payload;
  payload.Set("provider", flow.provider)
      .Set("nonce", flow.nonce)
      .Set("code_verifier", flow.code_verifier)
      .Set("binding_hash", flow.binding_hash)
      .Set("callback_url", flow.callback_url)
      .Set("redirect_uri", flow.redirect_uri)
      .Set("code_challenge", flow.code_challenge)
      .Set("invite", flow.invite)
      .Set("purpose", flow.purpose == SsoPurpose::kLink ? kLink : kLogin)
      .Set("link_user_id", flow.link_user_id);
  return payload.Encode();
}

std::optional<SsoFlowRecord> DecodeSsoFlow(std::string_view text) {
  const std::optional<TicketPayload> payload = TicketPayload::Decode(text);
  if (!payload) return std::nullopt;
  SsoFlowRecord flow;
  flow.provider = payload->Get("provider");
  flow.nonce = payload->Get("nonce");
  flow.code_verifier = payload->Get("code_verifier");
  flow.binding_hash = payload->Get("binding_hash");
  flow.callback_url = payload->Get("callback_url");
  flow.redirect_uri = payload->Get("redirect_uri");
  flow.code_challenge = payload->Get("code_challenge");
  flow.invite = payload->Get("invite");
  const std::string purpose = payload->Get("purpose");
  if (purpose != kLogin && purpose != kLink) return std::nullopt;
  flow.purpose = purpose == kLink ? SsoPurpose::kLink : SsoPurpose::kLogin;
  flow.link_user_id = payload->Get("link_user_id");
  if (flow.provider.empty() || flow.binding_hash.empty() || flow.code_verifier.empty()) {
    return std::nullopt;
  }
  return flow;
}

}  // namespace portcullis::core
