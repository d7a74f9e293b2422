// Tests for the single sign-on redirects: where each callback outcome sends the browser, which
// cookies it sets and clears, and that only one-time values reach a URL.
#include "api/native/sso_answers.h"

#include <gtest/gtest.h>

namespace portcullis::api::native {
namespace {

std::string Location(const http::Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (name == "Location") return value;
  }
  return "";
}

std::vector<std::string> SetCookies(const http::Response& response) {
  std::vector<std::string> out;
  for (const auto& [name, value] : response.headers) {
    if (name == "Set-Cookie") out.push_back(value);
  }
  return out;
}

bool SetsCookie(const http::Response& response, std::string_view prefix) {
  for (const auto& cookie : SetCookies(response)) {
    if (cookie.starts_with(prefix)) return true;
  }
  return false;
}

class SsoAnswersTest : public ::testing::Test {
 protected:
  SsoAnswersTest() {
    cookie.name = "portcullis_refresh";
    cookie.path = "/v1/auth";
  }

  core::IssuedTokens Tokens() {
    core::IssuedTokens issued;
    issued.access_token = "eyJhbGciOi.access.sig";
    issued.access_expires_in = 900;
    issued.refresh_token = "refresh-token-value";
    issued.refresh_expires_in = 86400;
    return issued;
  }

  SsoPages pages;
  CookieOptions cookie;
};

TEST_F(SsoAnswersTest, BrowserLoginSetsTheSessionCookiesAndGoesToTheSuccessPage) {
  core::SsoCallbackOutcome outcome;
  outcome.login = Tokens();
  const http::Response response = SsoCallbackAnswer({pages, cookie, ""}, outcome);
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(Location(response), "/app");
  EXPECT_TRUE(SetsCookie(response, "portcullis_refresh=refresh-token-value;"));
  // The access cookie lives as long as the session (the refresh lifetime), not the token in it.
  EXPECT_TRUE(SetsCookie(response, "hubrix_token=eyJhbGciOi.access.sig; Path=/; Max-Age=86400"));
  EXPECT_FALSE(SetsCookie(response, "portcullis_csrf="));
  EXPECT_TRUE(SetsCookie(response, "portcullis_sso=; Path=/v1/auth; Max-Age=0"));
  for (const auto& set : SetCookies(response)) {
    if (!set.starts_with("portcullis_csrf")) {
      EXPECT_NE(set.find("HttpOnly"), std::string::npos);
    }
    EXPECT_NE(set.find("SameSite=Lax"), std::string::npos) << set;
    EXPECT_NE(set.find("Secure"), std::string::npos) << set;
  }
  EXPECT_EQ(Location(response).find("access"), std::string::npos);
}

TEST_F(SsoAnswersTest, DoubleSubmitAddsAReadableCsrfCookie) {
  core::SsoCallbackOutcome outcome;
  outcome.login = Tokens();
  cookie.secure = false;
  const http::Response response = SsoCallbackAnswer({pages, cookie, "abc123"}, outcome);
  ASSERT_TRUE(SetsCookie(response, "portcullis_csrf=abc123; Path=/"));
  for (const auto& set : SetCookies(response)) {
    EXPECT_EQ(set.find("Secure"), std::string::npos) << set;
    if (set.starts_with("portcullis_csrf")) {
      EXPECT_EQ(set.find("HttpOnly"), std::string::npos);
    }
  }
}

TEST_F(SsoAnswersTest, BrowserMfaGoesToTheMfaPageWithTheTicket) {
  core::SsoCallbackOutcome outcome;
  outcome.login = core::MfaChallenge{"t/1+2", 300};
  pages.mfa_url = "https://app.example.com/mfa?step=2#top";
  const http::Response response = SsoCallbackAnswer({pages, cookie, ""}, outcome);
  EXPECT_EQ(Location(response), "https://app.example.com/mfa?step=2&ticket=t%2F1%2B2#top");
  EXPECT_FALSE(SetsCookie(response, "hubrix_token="));
  EXPECT_FALSE(SetsCookie(response, "portcullis_refresh="));
}

TEST_F(SsoAnswersTest, ProgrammaticModeSendsTheCodeOrTheMfaTicketToTheRedirectUri) {
  core::SsoCallbackOutcome code;
  code.redirect_uri = "https://app.example.com/cb";
  code.exchange_code = "one-time";
  EXPECT_EQ(Location(SsoCallbackAnswer({pages, cookie, ""}, code)),
            "https://app.example.com/cb?code=one-time");
  core::SsoCallbackOutcome mfa;
  mfa.redirect_uri = "https://app.example.com/cb?from=sso";
  mfa.mfa = core::MfaChallenge{"ticket", 300};
  const http::Response response = SsoCallbackAnswer({pages, cookie, ""}, mfa);
  EXPECT_EQ(Location(response), "https://app.example.com/cb?from=sso&mfa_ticket=ticket");
  EXPECT_FALSE(SetsCookie(response, "hubrix_token="));
}

TEST_F(SsoAnswersTest, ErrorsGoToTheErrorPageOrTheRedirectUriWithTheCode) {
  core::SsoCallbackOutcome browser;
  browser.error = std::string(core::sso_error::kInvalidState);
  pages.error_url = "/app/login?lang=en";
  EXPECT_EQ(Location(SsoCallbackAnswer({pages, cookie, ""}, browser)),
            "/app/login?lang=en&error=invalid_state");
  core::SsoCallbackOutcome programmatic;
  programmatic.redirect_uri = "https://app.example.com/cb";
  programmatic.error = std::string(core::sso_error::kAccessDenied);
  const http::Response response = SsoCallbackAnswer({pages, cookie, ""}, programmatic);
  EXPECT_EQ(Location(response), "https://app.example.com/cb?error=access_denied");
  EXPECT_TRUE(SetsCookie(response, "portcullis_sso=;"));
}

TEST_F(SsoAnswersTest, ALinkEndsWithTheProviderNamed) {
  core::SsoCallbackOutcome outcome;
  outcome.purpose = core::SsoPurpose::kLink;
  outcome.linked = core::LinkedIdentity{.provider = "corp"};
  EXPECT_EQ(Location(SsoCallbackAnswer({pages, cookie, ""}, outcome)), "/app?linked=corp");
}

TEST_F(SsoAnswersTest, AnOutcomeWithNothingSetIsAServerError) {
  EXPECT_EQ(Location(SsoCallbackAnswer({pages, cookie, ""}, core::SsoCallbackOutcome{})),
            "/app/login?error=server_error");
}

TEST_F(SsoAnswersTest, TheBindingCookieAndTheCallbackUrl) {
  EXPECT_EQ(SsoBindingCookie(cookie, "b1nd"),
            "portcullis_sso=b1nd; Path=/v1/auth; Max-Age=300; Secure; HttpOnly; SameSite=Lax");
  EXPECT_EQ(SsoCallbackUrl("https://auth.example.com/v1", "google"),
            "https://auth.example.com/v1/auth/google/callback");
}

}  // namespace
}  // namespace portcullis::api::native
