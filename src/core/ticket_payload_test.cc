// Tests of the ticket payload's flat JSON encoding.
#include "core/ticket_payload.h"

#include <gtest/gtest.h>

namespace portcullis::core {
namespace {

TEST(TicketPayloadTest, RoundTripsStringsWithQuotesAndControlCharacters) {
  TicketPayload payload;
  payload.Set("redirect_to", "https://a.test/?q=\"x\"\\y").Set("note", "a\nb\x01").Set("empty", "");
  const std::string json = payload.Encode();
  EXPECT_EQ(json.find('\n'), std::string::npos);
  const auto decoded = TicketPayload::Decode(json);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->Get("redirect_to"), "https://a.test/?q=\"x\"\\y");
  EXPECT_EQ(decoded->Get("note"), "a\nb\x01");
  EXPECT_EQ(decoded->Get("empty"), "");
  EXPECT_EQ(decoded->Get("absent"), "");
}

TEST(TicketPayloadTest, DecodesTheEmptyObjectAndRefusesAnythingElse) {
  EXPECT_TRUE(TicketPayload::Decode("{}").has_value());
  EXPECT_EQ(TicketPayload().Encode(), "{}");
  for (const char* bad :
       {"", "{", "[]", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\":\"b\"} x", "{\"a\":\"\\u12\"}"}) {
    EXPECT_FALSE(TicketPayload::Decode(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace portcullis::core
