// Tests for Call: the client facts taken from headers are valid UTF-8 cut on a character boundary
// (they are stored and shown as JSON), and the origin rule a hand-built Call falls back to.
#include "api/common/call.h"

#include <gtest/gtest.h>

#include "common/utf8.h"

namespace portcullis::api {
namespace {

bool IsValidUtf8(std::string_view s) {
  std::string scratch;
  return ValidUtf8(s, scratch).data() == s.data() && scratch.empty();
}

core::ClientInfo ClientOf(std::string user_agent, std::string accept_language = "") {
  http::Request request;
  request.method = "POST";
  request.remote_ip = "192.0.2.7";
  request.headers = {{"user-agent", std::move(user_agent)},
                     {"accept-language", std::move(accept_language)}};
  return Call(request).Client();
}

TEST(CallClient, InvalidUtf8InHeadersIsReplaced) {
  const core::ClientInfo client = ClientOf("bot\xFF\xFE/1 \xC0\xAF", "fr\x80");
  EXPECT_EQ(client.user_agent, "bot\xEF\xBF\xBD\xEF\xBF\xBD/1 \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(client.locale, "fr\xEF\xBF\xBD");
  EXPECT_EQ(client.ip, "192.0.2.7");
}

TEST(CallClient, The256ByteCutNeverSplitsACharacter) {
  // 255 ASCII bytes then "é" (2 bytes): the cut at 256 would split it, so it is left out.
  const std::string split = std::string(255, 'a') + "\xC3\xA9" + "tail";
  const core::ClientInfo client = ClientOf(split, split);
  EXPECT_EQ(client.user_agent, std::string(255, 'a'));
  EXPECT_EQ(client.locale, std::string(255, 'a'));
  // A 4-byte character across the cut, and a long run of invalid bytes (each becomes 3 bytes).
  const core::ClientInfo emoji = ClientOf(std::string(254, 'b') + "\xF0\x9F\x98\x80");
  EXPECT_EQ(emoji.user_agent, std::string(254, 'b'));
  const core::ClientInfo garbage = ClientOf(std::string(300, '\xFF'));
  EXPECT_LE(garbage.user_agent.size(), 256u);
  EXPECT_EQ(garbage.user_agent.size() % 3, 0u);
  EXPECT_TRUE(IsValidUtf8(garbage.user_agent));
  // Exactly 256 valid bytes are kept whole.
  EXPECT_EQ(ClientOf(std::string(256, 'c')).user_agent, std::string(256, 'c'));
}

TEST(CallOrigins, ABuiltByHandCallTrustsNoOrigin) {
  http::Request request;
  request.method = "POST";
  Call call(request);
  EXPECT_FALSE(call.Origins().Trusts("http://127.0.0.1"));
  EXPECT_TRUE(call.Origins().Check(request).ok());  // neither header
  request.headers = {{"origin", "http://127.0.0.1"}};
  EXPECT_FALSE(call.Origins().Check(request).ok());
  const OriginRule rule("http://127.0.0.1", {});
  call.origin_rule = &rule;
  EXPECT_TRUE(call.Origins().Check(request).ok());
}

}  // namespace
}  // namespace portcullis::api
