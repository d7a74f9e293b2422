// Tests for provider_options.h and provider_settings.h: the defaults that depend on the name and
// kind, the refusals, and the section (client_secret is never shown). Single-threaded.
#include "sso/provider_options.h"

#include <gtest/gtest.h>

#include "sso/provider_settings.h"

namespace portcullis::sso {
namespace {

ProviderOptions Named(std::string name) {
  return {.name = std::move(name), .client_id = "id", .client_secret = "secret"};
}

TEST(ProviderOptionsTest, GoogleAndMicrosoftDefaultTheirKindIssuerAndScopes) {
  auto google = ResolveProviderOptions(Named("google"));
  ASSERT_TRUE(google) << google.error().detail;
  EXPECT_EQ(google->kind, "google");
  EXPECT_EQ(google->issuer, "https://accounts.google.com");
  EXPECT_EQ(google->scopes, (std::vector<std::string>{"openid", "email", "profile"}));
  auto ms = Named("microsoft");
  ms.tenant = "organizations";
  auto microsoft = ResolveProviderOptions(ms);
  ASSERT_TRUE(microsoft) << microsoft.error().detail;
  EXPECT_EQ(microsoft->issuer, "https://login.microsoftonline.com/organizations/v2.0");
}

TEST(ProviderOptionsTest, OpenIdIsAlwaysAskedFor) {
  auto options = Named("google");
  options.scopes = {"email"};
  EXPECT_EQ(ResolveProviderOptions(options)->scopes, (std::vector<std::string>{"openid", "email"}));
}

TEST(ProviderOptionsTest, AGenericProviderNeedsItsKindAndIssuer) {
  auto options = Named("corp");
  auto r = ResolveProviderOptions(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().member, "sso.corp.kind");
  options.kind = "oidc";
  r = ResolveProviderOptions(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().member, "sso.corp.issuer");
  options.issuer = "http://127.0.0.1:4000/corp";  // loopback: tests and development
  EXPECT_TRUE(ResolveProviderOptions(options));
  options.issuer = "http://idp.example";
  r = ResolveProviderOptions(options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().member, "sso.corp.issuer");
}

TEST(ProviderOptionsTest, ClientCredentialsAndTenantAreChecked) {
  auto options = Named("github");
  options.client_secret.clear();
  EXPECT_EQ(ResolveProviderOptions(options).error().member, "sso.github.client_secret");
  options = Named("microsoft");
  options.tenant = "../evil";
  EXPECT_EQ(ResolveProviderOptions(options).error().member, "sso.microsoft.tenant");
}

TEST(ProviderSettingsTest, SectionNamesTheTableAndHidesTheSecret) {
  auto section = ProviderSection("google");
  EXPECT_TRUE(section.CheckUnique());
  const auto* secret = section.Find("sso.google.client_secret");
  ASSERT_NE(secret, nullptr);
  EXPECT_TRUE(secret->secret);
  ProviderOptions options;
  options::Table given;
  given.values["sso.google.client_id"] = {.items = {"id"}};
  given.values["sso.google.client_secret"] = {.items = {"hunter2"}};
  ASSERT_TRUE(section.Apply(options, given));
  EXPECT_EQ(secret->show(options), "(set)");
  EXPECT_TRUE(section.Validate(options));  // the name comes from the section
  given.values["sso.google.kind"] = {.items = {"saml"}};
  EXPECT_FALSE(section.Apply(options, given));
}

}  // namespace
}  // namespace portcullis::sso
