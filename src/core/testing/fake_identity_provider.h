// A fake IdentityProvider for core's single sign-on tests: it remembers each authorization
// request by its state, lets a test "log in" there (Approve: a code for an assertion), and
// redeems a code once, only with the request's PKCE verifier, nonce and redirect_uri — as a real
// provider checks them. Failures can be scripted. Thread-safe (one mutex).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/mutex.h"
#include "common/thread_annotations.h"
#include "core/crypto_ports.h"
#include "core/ports/identity_provider.h"

namespace portcullis::core::testing {

class FakeIdentityProvider final : public IdentityProvider {
 public:
  FakeIdentityProvider(std::string name, CodeChallenges& challenges)
      : name_(std::move(name)), challenges_(challenges) {}

  const std::string& name() const override { return name_; }

  Result<std::string> AuthorizationUrl(const AuthorizationRequest& request) override {
    MutexLock lock(mu_);
    if (unavailable_) return MakeError(ErrorCode::kUnavailable, "the provider is down");
    requests_[request.state] = request;
    last_state_ = request.state;
    return "https://idp.test/" + name_ + "/authorize?state=" + request.state;
  }

  Result<ProviderAssertion> Redeem(const CodeRedemption& redemption) override {
    MutexLock lock(mu_);
    ++redeemed_;
    if (redeem_error_) return *redeem_error_;
    const auto code = codes_.find(redemption.code);
    if (code == codes_.end()) return MakeError(ErrorCode::kInvalidRequest, "invalid_grant");
    const Approval approval = code->second;
    codes_.erase(code);  // a code is used once
    const AuthorizationRequest& request = approval.request;
    if (!challenges_.MatchesS256(redemption.code_verifier, request.code_challenge) ||
        redemption.redirect_uri != request.redirect_uri) {
      return MakeError(ErrorCode::kInvalidRequest, "invalid_grant");
    }
    if (redemption.nonce != request.nonce) {
      return MakeError(ErrorCode::kTokenInvalid, "the ID token's nonce does not match");
    }
    return approval.assertion;
  }

  // The state of the last authorization request.
  std::string last_state() const {
    MutexLock lock(mu_);
    return last_state_;
  }
  // The user logs in at the provider for the request with `state`: the code the browser brings
  // back ("" when no such request was made).
  std::string Approve(const std::string& state, const ProviderAssertion& assertion) {
    MutexLock lock(mu_);
    const auto request = requests_.find(state);
    if (request == requests_.end()) return {};
    const std::string code = "code-" + std::to_string(++next_code_);
    codes_[code] = Approval{request->second, assertion};
    return code;
  }
  // The request the browser was sent with for `state`.
  std::optional<AuthorizationRequest> RequestFor(const std::string& state) const {
    MutexLock lock(mu_);
    const auto request = requests_.find(state);
    if (request == requests_.end()) return std::nullopt;
    return request->second;
  }
  void FailRedeem(std::optional<Error> error) {
    MutexLock lock(mu_);
    redeem_error_ = std::move(error);
  }
  void SetUnavailable(bool unavailable) {
    MutexLock lock(mu_);
    unavailable_ = unavailable;
  }
  int redeemed() const {
    MutexLock lock(mu_);
    return redeemed_;
  }

 private:
  struct Approval {
    AuthorizationRequest request;
    ProviderAssertion assertion;
  };

  const std::string name_;
  CodeChallenges& challenges_;
  mutable Mutex mu_;
  std::map<std::string, AuthorizationRequest> requests_ GUARDED_BY(mu_);
  std::map<std::string, Approval> codes_ GUARDED_BY(mu_);
  std::string last_state_ GUARDED_BY(mu_);
  std::optional<Error> redeem_error_ GUARDED_BY(mu_);
  bool unavailable_ GUARDED_BY(mu_) = false;
  int next_code_ GUARDED_BY(mu_) = 0;
  int redeemed_ GUARDED_BY(mu_) = 0;
};

}  // namespace portcullis::core::testing
