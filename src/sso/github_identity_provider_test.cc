// Tests for github_identity_provider.h over a scripted fetcher: the authorization URL (no nonce),
// the code exchange, the numeric subject and the verified primary address only. Single-threaded.
#include "sso/github_identity_provider.h"

#include <gtest/gtest.h>

#include "sso/testing/sso_fakes.h"

namespace portcullis::sso {
namespace {

using testing::FakeFetcher;

constexpr char kAuthorize[] = "http://127.0.0.1:9/login/oauth/authorize";
constexpr char kToken[] = "http://127.0.0.1:9/login/oauth/access_token";
constexpr char kApi[] = "http://127.0.0.1:9/api";

class GithubProviderTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeFetcher> fetcher_ = std::make_shared<FakeFetcher>();
  GithubIdentityProvider provider_{ProviderOptions{.name = "github",
                                                   .kind = "github",
                                                   .client_id = "gh-client",
                                                   .client_secret = "gh-secret",
                                                   .scopes = {"read:user", "user:email"},
                                                   .github_authorize_url = kAuthorize,
                                                   .github_token_url = kToken,
                                                   .github_api_url = kApi},
                                   fetcher_};

  void SetUp() override {
    fetcher_->Answer(kToken, 200, R"({"access_token":"gho_1","token_type":"bearer"})");
    fetcher_->Answer(std::string(kApi) + "/user", 200,
                     R"({"id":583231,"login":"octocat","name":null})");
    Emails(R"([{"email":"old@example.com","primary":false,"verified":true},
               {"email":"octo@example.com","primary":true,"verified":true}])");
  }
  void Emails(std::string body) {
    fetcher_->Answer(std::string(kApi) + "/user/emails", 200, std::move(body));
  }
  Result<core::ProviderAssertion> Redeem() {
    return provider_.Redeem({.code = "c1",
                             .code_verifier = "v1",
                             .nonce = "ignored",
                             .redirect_uri = "https://auth.example/cb"});
  }
};

TEST_F(GithubProviderTest, AuthorizationUrlHasPkceAndNoNonce) {
  auto url = provider_.AuthorizationUrl({.state = "s1",
                                         .nonce = "n1",
                                         .code_challenge = "ch",
                                         .redirect_uri = "https://a.example/cb"});
  ASSERT_TRUE(url);
  EXPECT_EQ(*url, std::string(kAuthorize) +
                      "?response_type=code&client_id=gh-client&redirect_uri=https%3A%2F%2Fa."
                      "example%2Fcb&scope=read%3Auser%20user%3Aemail&state=s1&code_challenge=ch&"
                      "code_challenge_method=S256");
}

TEST_F(GithubProviderTest, RedeemGivesTheNumericIdAndTheVerifiedPrimaryAddress) {
  auto r = Redeem();
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->subject, "583231");
  EXPECT_EQ(r->name, "octocat");
  EXPECT_EQ(r->email, "octo@example.com");
  EXPECT_TRUE(r->email_verified);
  const auto requests = fetcher_->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].body,
            "client_id=gh-client&client_secret=gh-secret&code=c1&redirect_uri=https%3A%2F%2Fauth."
            "example%2Fcb&code_verifier=v1");
  EXPECT_EQ(requests[1].headers[0].second, "Bearer gho_1");
}

TEST_F(GithubProviderTest, UnverifiedPrimaryAddressCountsAsNone) {
  Emails(R"([{"email":"old@example.com","primary":false,"verified":true},
             {"email":"octo@example.com","primary":true,"verified":false}])");
  auto r = Redeem();
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->email, "");
  EXPECT_FALSE(r->email_verified);
}

TEST_F(GithubProviderTest, BadCodeIsAnInvalidRequest) {
  fetcher_->Answer(kToken, 200, R"({"error":"bad_verification_code"})");
  EXPECT_EQ(Redeem().error().code, ErrorCode::kInvalidRequest);
}

TEST_F(GithubProviderTest, ApiFailuresAreUnavailable) {
  fetcher_->Answer(std::string(kApi) + "/user", 502, "");
  EXPECT_EQ(Redeem().error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::sso
