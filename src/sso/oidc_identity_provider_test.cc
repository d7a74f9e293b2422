// Tests for oidc_identity_provider.h, jwks_cache.h and provider_metadata.h over a scripted
// fetcher: the authorization URL, discovery (issuer check, cache, stale copy, Microsoft's template,
// endpoint URLs), the code exchange (client authentication, error mapping), the ID token's checks,
// key rotation (one refetch, rate limited) and userinfo. Single-threaded.
#include "sso/oidc_identity_provider.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "sso/form_encoding.h"
#include "sso/testing/sso_fakes.h"

namespace portcullis::sso {
namespace {

using crypto::JwsAlgorithm;
using testing::FakeFetcher;
using testing::JwksOf;
using testing::MakeProviderKey;
using testing::ProviderKey;
using testing::SignToken;

constexpr char kIssuer[] = "https://idp.example";
constexpr char kDiscovery[] = "https://idp.example/.well-known/openid-configuration";
constexpr char kAuthorize[] = "https://idp.example/authorize";
constexpr char kToken[] = "https://idp.example/token";
constexpr char kJwks[] = "https://idp.example/jwks";
constexpr char kUserinfo[] = "https://idp.example/userinfo";
constexpr char kCallback[] = "https://auth.example/v1/auth/corp/callback";

std::string DiscoveryDocument(std::string issuer = kIssuer, std::string auth_methods = "") {
  boost::json::object doc{{"issuer", issuer},
                          {"authorization_endpoint", kAuthorize},
                          {"token_endpoint", kToken},
                          {"jwks_uri", kJwks},
                          {"userinfo_endpoint", kUserinfo}};
  if (!auth_methods.empty()) {
    doc["token_endpoint_auth_methods_supported"] = boost::json::array{auth_methods.c_str()};
  }
  return boost::json::serialize(doc);
}

ProviderOptions Options() {
  return {.name = "corp",
          .kind = "oidc",
          .client_id = "client-1",
          .client_secret = "s3cret:&x",
          .scopes = {"openid", "email"},
          .issuer = kIssuer};
}

class OidcProviderTest : public ::testing::Test {
 protected:
  FakeClock clock_{1'800'000'000};
  std::shared_ptr<FakeFetcher> fetcher_ = std::make_shared<FakeFetcher>();
  ProviderKey key_ = MakeProviderKey(JwsAlgorithm::kEs256, "k1");
  std::unique_ptr<OidcIdentityProvider> provider_;

  void SetUp() override {
    fetcher_->Answer(kDiscovery, 200, DiscoveryDocument());
    fetcher_->Answer(kJwks, 200, JwksOf({key_.public_jwk}));
    provider_ = std::make_unique<OidcIdentityProvider>(Options(), clock_, fetcher_);
  }

  boost::json::object Claims() {
    return {{"iss", kIssuer},
            {"sub", "user-7"},
            {"aud", "client-1"},
            {"exp", clock_.NowSeconds() + 300},
            {"iat", clock_.NowSeconds()},
            {"nonce", "n-1"},
            {"email", "ann@example.com"},
            {"email_verified", true}};
  }
  void AnswerTokens(const std::string& id_token) {
    fetcher_->Answer(
        kToken, 200,
        boost::json::serialize(boost::json::object{
            {"access_token", "at-1"}, {"token_type", "Bearer"}, {"id_token", id_token}}));
  }
  Result<core::ProviderAssertion> Redeem() {
    return provider_->Redeem({.code = "code-1",
                              .code_verifier = "verifier-1",
                              .nonce = "n-1",
                              .redirect_uri = kCallback});
  }
  HttpRequest LastTo(const std::string& url) {
    HttpRequest found;
    for (const auto& r : fetcher_->requests()) {
      if (r.url == url) found = r;
    }
    return found;
  }
  static std::string Header(const HttpRequest& r, std::string_view name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }
};

TEST_F(OidcProviderTest, AuthorizationUrlCarriesEveryParameterEncoded) {
  auto url = provider_->AuthorizationUrl(
      {.state = "st&1", .nonce = "n 1", .code_challenge = "ch-1", .redirect_uri = kCallback});
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(*url,
            "https://idp.example/authorize?response_type=code&client_id=client-1&redirect_uri="
            "https%3A%2F%2Fauth.example%2Fv1%2Fauth%2Fcorp%2Fcallback&scope=openid%20email&"
            "state=st%261&nonce=n%201&code_challenge=ch-1&code_challenge_method=S256");
}

TEST_F(OidcProviderTest, DiscoveryIsCachedAndRefreshedAfterAnHourKeepingAStaleCopy) {
  ASSERT_TRUE(provider_->AuthorizationUrl({}));
  ASSERT_TRUE(provider_->AuthorizationUrl({}));
  EXPECT_EQ(fetcher_->CountOf(kDiscovery), 1);
  clock_.Advance(3600);
  fetcher_->Fail(kDiscovery);
  EXPECT_TRUE(provider_->AuthorizationUrl({}));  // the stale copy
  EXPECT_EQ(fetcher_->CountOf(kDiscovery), 2);
}

TEST_F(OidcProviderTest, UnreachableDiscoveryIsUnavailable) {
  fetcher_->Fail(kDiscovery);
  auto url = provider_->AuthorizationUrl({});
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().code, ErrorCode::kUnavailable);
}

TEST_F(OidcProviderTest, AFailedDiscoveryIsNotTriedAgainForThirtySeconds) {
  fetcher_->Fail(kDiscovery);
  EXPECT_FALSE(provider_->AuthorizationUrl({}));
  fetcher_->Answer(kDiscovery, 200, DiscoveryDocument());
  clock_.Advance(29);
  auto remembered = provider_->AuthorizationUrl({});
  ASSERT_FALSE(remembered);
  EXPECT_EQ(remembered.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(fetcher_->CountOf(kDiscovery), 1);  // answered without waiting for a fetch
  clock_.Advance(1);
  EXPECT_TRUE(provider_->AuthorizationUrl({}));
  EXPECT_EQ(fetcher_->CountOf(kDiscovery), 2);
}

TEST_F(OidcProviderTest, DiscoveryOfAnotherIssuerIsRefused) {
  fetcher_->Answer(kDiscovery, 200, DiscoveryDocument("https://evil.example"));
  auto url = provider_->AuthorizationUrl({});
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().code, ErrorCode::kUnavailable);
}

TEST_F(OidcProviderTest, RedeemSendsTheCodeWithBasicAuthAndVerifiesTheIdToken) {
  AnswerTokens(SignToken(key_.private_key, Claims()));
  auto assertion = Redeem();
  ASSERT_TRUE(assertion) << assertion.error().detail;
  EXPECT_EQ(assertion->subject, "user-7");
  EXPECT_EQ(assertion->email, "ann@example.com");
  EXPECT_TRUE(assertion->email_verified);
  const HttpRequest post = LastTo(kToken);
  EXPECT_EQ(post.method, HttpRequest::Method::kPost);
  EXPECT_EQ(post.body,
            "grant_type=authorization_code&code=code-1&redirect_uri=https%3A%2F%2Fauth.example%"
            "2Fv1%2Fauth%2Fcorp%2Fcallback&code_verifier=verifier-1");
  // base64("client-1:s3cret%3A%26x"): the form-encoded pair (RFC 6749 §2.3.1)
  EXPECT_EQ(Header(post, "Authorization"), "Basic Y2xpZW50LTE6czNjcmV0JTNBJTI2eA==");
  EXPECT_EQ(fetcher_->CountOf(kUserinfo), 0);  // the token had the email
}

TEST_F(OidcProviderTest, ClientSecretPostWhenTheProviderListsOnlyThat) {
  fetcher_->Answer(kDiscovery, 200, DiscoveryDocument(kIssuer, "client_secret_post"));
  AnswerTokens(SignToken(key_.private_key, Claims()));
  ASSERT_TRUE(Redeem());
  const HttpRequest post = LastTo(kToken);
  EXPECT_EQ(Header(post, "Authorization"), "");
  EXPECT_NE(post.body.find("&client_id=client-1&client_secret=s3cret%3A%26x"), std::string::npos)
      << post.body;
}

TEST_F(OidcProviderTest, InvalidGrantIsAnInvalidRequest) {
  fetcher_->Answer(kToken, 400, R"({"error":"invalid_grant"})");
  auto r = Redeem();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
}

TEST_F(OidcProviderTest, ServerErrorsAndNoAnswerAreUnavailable) {
  fetcher_->Answer(kToken, 503, "busy");
  EXPECT_EQ(Redeem().error().code, ErrorCode::kUnavailable);
  fetcher_->Fail(kToken);
  EXPECT_EQ(Redeem().error().code, ErrorCode::kUnavailable);
  fetcher_->Answer(kToken, 401, R"({"error":"invalid_client"})");
  EXPECT_EQ(Redeem().error().code, ErrorCode::kUnavailable);
}

TEST_F(OidcProviderTest, BadIdTokenIsTokenInvalid) {
  auto claims = Claims();
  claims["nonce"] = "n-2";
  AnswerTokens(SignToken(key_.private_key, claims));
  EXPECT_EQ(Redeem().error().code, ErrorCode::kTokenInvalid);
  fetcher_->Answer(kToken, 200, R"({"access_token":"at-1"})");  // no id_token
  EXPECT_EQ(Redeem().error().code, ErrorCode::kTokenInvalid);
}

TEST_F(OidcProviderTest, UnknownKidRefetchesTheJwksOnceAndFindsTheRotatedKey) {
  AnswerTokens(SignToken(key_.private_key, Claims()));
  ASSERT_TRUE(Redeem());
  EXPECT_EQ(fetcher_->CountOf(kJwks), 1);
  const ProviderKey rotated = MakeProviderKey(JwsAlgorithm::kRs256, "k2");
  fetcher_->Answer(kJwks, 200, JwksOf({rotated.public_jwk}));
  AnswerTokens(SignToken(rotated.private_key, Claims()));
  auto r = Redeem();
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(fetcher_->CountOf(kJwks), 2);
  ASSERT_TRUE(Redeem());  // now cached
  EXPECT_EQ(fetcher_->CountOf(kJwks), 2);
}

TEST_F(OidcProviderTest, UnknownKidStillUnknownAfterTheRefetchIsRefusedAndNotRefetchedAgainSoon) {
  AnswerTokens(SignToken(key_.private_key, Claims()));
  ASSERT_TRUE(Redeem());
  const ProviderKey forged = MakeProviderKey(JwsAlgorithm::kEs256, "forged");
  AnswerTokens(SignToken(forged.private_key, Claims()));
  EXPECT_EQ(Redeem().error().code, ErrorCode::kTokenInvalid);
  EXPECT_EQ(fetcher_->CountOf(kJwks), 2);  // exactly one refetch
  EXPECT_EQ(Redeem().error().code, ErrorCode::kTokenInvalid);
  EXPECT_EQ(fetcher_->CountOf(kJwks), 2);  // within the interval: none
  clock_.Advance(10);
  EXPECT_EQ(Redeem().error().code, ErrorCode::kTokenInvalid);
  EXPECT_EQ(fetcher_->CountOf(kJwks), 3);
}

TEST_F(OidcProviderTest, UserinfoGivesTheEmailTheIdTokenLacks) {
  auto claims = Claims();
  claims.erase("email");
  claims.erase("email_verified");
  AnswerTokens(SignToken(key_.private_key, claims));
  fetcher_->Answer(kUserinfo, 200,
                   R"({"sub":"user-7","email":"ann@example.com","email_verified":false})");
  auto r = Redeem();
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->email, "ann@example.com");
  EXPECT_FALSE(r->email_verified);
  EXPECT_EQ(Header(LastTo(kUserinfo), "Authorization"), "Bearer at-1");
  fetcher_->Answer(kUserinfo, 200, R"({"sub":"user-8","email":"eve@example.com"})");
  EXPECT_EQ(Redeem().error().code, ErrorCode::kTokenInvalid);
}

// Microsoft's common endpoint: discovery names {tenantid}; tokens carry their own tenant.
TEST(MicrosoftProviderTest, TenantTemplateDiscoveryAndTokens) {
  FakeClock clock(1'800'000'000);
  auto fetcher = std::make_shared<FakeFetcher>();
  const std::string base = "https://login.microsoftonline.com/";
  fetcher->Answer(base + "common/v2.0/.well-known/openid-configuration", 200,
                  DiscoveryDocument(base + "{tenantid}/v2.0"));
  const ProviderKey key = MakeProviderKey(JwsAlgorithm::kRs256, "ms");
  fetcher->Answer(kJwks, 200, JwksOf({key.public_jwk}));
  const std::string tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  fetcher->Answer(kToken, 200,
                  boost::json::serialize(boost::json::object{
                      {"access_token", "at"},
                      {"id_token", SignToken(key.private_key, {{"iss", base + tid + "/v2.0"},
                                                               {"tid", tid},
                                                               {"sub", "ms-sub"},
                                                               {"aud", "client-1"},
                                                               {"exp", clock.NowSeconds() + 60},
                                                               {"iat", clock.NowSeconds()},
                                                               {"nonce", "n"},
                                                               {"email", "bob@contoso.com"}})}}));
  ProviderOptions options = Options();
  options.kind = "microsoft";
  options.issuer = base + "common/v2.0";
  OidcIdentityProvider provider(options, clock, fetcher);
  auto r = provider.Redeem({.code = "c", .code_verifier = "v", .nonce = "n"});
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->subject, "ms-sub");
  EXPECT_EQ(r->tenant, tid);
  EXPECT_EQ(r->email, "bob@contoso.com");
  EXPECT_FALSE(r->email_verified);  // Microsoft asserts no verification
}

TEST(ProviderMetadataTest, TenantTemplateMustGiveTheConfiguredIssuer) {
  const std::string ms = "https://login.microsoftonline.com/";
  const std::string doc = DiscoveryDocument(ms + "{tenantid}/v2.0");
  EXPECT_TRUE(ParseProviderMetadata(doc, ms + "organizations/v2.0", "organizations"));
  EXPECT_FALSE(ParseProviderMetadata(doc, ms + "organizations/v2.0", "common"));
  EXPECT_FALSE(ParseProviderMetadata(doc, ms + "common/v2.0", std::nullopt));  // not Microsoft
  EXPECT_FALSE(ParseProviderMetadata(doc, "https://evil.example/common/v2.0", "common"));
}

TEST(ProviderMetadataTest, EndpointsMustBeFetchable) {
  auto doc = boost::json::parse(DiscoveryDocument()).as_object();
  doc["token_endpoint"] = "http://idp.example/token";
  EXPECT_FALSE(ParseProviderMetadata(boost::json::serialize(doc), kIssuer, std::nullopt));
  doc["token_endpoint"] = kToken;
  doc.erase("jwks_uri");
  EXPECT_FALSE(ParseProviderMetadata(boost::json::serialize(doc), kIssuer, std::nullopt));
}

}  // namespace
}  // namespace portcullis::sso
