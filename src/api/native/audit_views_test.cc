// Tests of the audit log's views: the event's JSON, the opaque cursor round trip, and the list
// query's decoding (times in both forms, limits, bad cursors).
#include "api/native/audit_views.h"

#include <gtest/gtest.h>

namespace portcullis::api::native {
namespace {

TEST(AuditViewsTest, EventShowsEveryFieldWithNullForEmpty) {
  core::SecurityEvent event;
  event.id = "e1";
  event.seq = 7;
  event.type = "login_failed";
  event.at = 1'800'000'000;
  event.actor_type = "anonymous";
  event.outcome = "failure";
  event.ip = "127.0.0.1";
  event.detail = "unknown_user";
  const boost::json::object view = SecurityEventView(event);
  EXPECT_EQ(view.at("type").as_string(), "login_failed");
  EXPECT_EQ(view.at("at").as_string(), "2027-01-15T08:00:00Z");
  EXPECT_EQ(view.at("actor").as_object().at("type").as_string(), "anonymous");
  EXPECT_TRUE(view.at("actor").as_object().at("id").is_null());
  EXPECT_TRUE(view.at("user_id").is_null());
  EXPECT_TRUE(view.at("target").is_null());
  EXPECT_TRUE(view.at("user_agent").is_null());
  EXPECT_EQ(view.at("detail").as_string(), "unknown_user");
  EXPECT_FALSE(view.contains("seq"));
}

TEST(AuditViewsTest, CursorRoundTripsAndRefusesOtherText) {
  EXPECT_EQ(DecodeAuditCursor(EncodeAuditCursor(1)), 1);
  EXPECT_EQ(DecodeAuditCursor(EncodeAuditCursor(123456789012345)), 123456789012345);
  EXPECT_FALSE(DecodeAuditCursor("12"));
  EXPECT_FALSE(DecodeAuditCursor("ev1."));
  EXPECT_FALSE(DecodeAuditCursor("ev1.zz"));
  EXPECT_FALSE(DecodeAuditCursor("ev1.0"));
}

TEST(AuditViewsTest, QueryDecodesFiltersAndPage) {
  auto query = DecodeAuditQuery(
      "since=2027-01-15T08:00:00Z&until=1800000600&type=login&actor=u1&limit=10&cursor=" +
      EncodeAuditCursor(42));
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->since, 1'800'000'000);
  EXPECT_EQ(query->until, 1'800'000'600);
  EXPECT_EQ(query->type, "login");
  EXPECT_EQ(query->actor_id, "u1");
  EXPECT_EQ(query->limit, 10);
  EXPECT_EQ(query->before_seq, 42);
  auto defaults = DecodeAuditQuery("");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->limit, 50);
  EXPECT_EQ(defaults->before_seq, 0);
}

TEST(AuditViewsTest, QueryRefusesWhatDoesNotParse) {
  for (const char* bad :
       {"limit=0", "limit=201", "limit=x", "cursor=abc", "since=yesterday", "until=-5"}) {
    auto query = DecodeAuditQuery(bad);
    ASSERT_FALSE(query.ok()) << bad;
    EXPECT_EQ(query.error().code, ErrorCode::kInvalidRequest) << bad;
  }
}

}  // namespace
}  // namespace portcullis::api::native
