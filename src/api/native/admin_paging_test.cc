// Tests of the admin API's page decoding: limit bounds, the cursor's round trip and its refusals.
#include "api/native/admin_paging.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portcullis::api::native {
namespace {

TEST(AdminPagingTest, DefaultsAndBounds) {
  auto page = DecodePageRequest({});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->limit, 50);
  EXPECT_EQ(page->after_id, "");
  EXPECT_EQ(DecodePageRequest({{"limit", "1"}})->limit, 1);
  EXPECT_EQ(DecodePageRequest({{"limit", "200"}})->limit, 200);
  for (const char* bad : {"0", "201", "-1", "", "1x", "ten", " 5"}) {
    auto refused = DecodePageRequest({{"limit", bad}});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(refused.error().member, "limit");
  }
}

TEST(AdminPagingTest, TheCursorRoundTripsAndAnythingElseIsRefused) {
  const std::string id = "0b9f6c1e-2a4d-4c8e-9f00-1234567890ab";
  const std::string cursor = EncodeCursor(id);
  EXPECT_EQ(cursor.find(id), std::string::npos);  // opaque: not the id itself
  auto page = DecodePageRequest({{"cursor", cursor}});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->after_id, id);
  EXPECT_EQ(DecodePageRequest({{"cursor", ""}})->after_id, "");  // the first page
  ASSERT_EQ(EncodeCursor("a-b"), "612d62");
  EXPECT_EQ(DecodePageRequest({{"cursor", "612d62"}})->after_id, "a-b");
  const std::vector<std::string> refused_cursors = {
      "abc", "zz", "4G", EncodeCursor("a'b"), EncodeCursor("A"), std::string(300, 'a'),
      // EncodeCursor("a-b") upper-cased: only the lower-case form is one this API gave.
      "612D62"};
  for (const std::string& bad : refused_cursors) {
    auto refused = DecodePageRequest({{"cursor", bad}});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().member, "cursor");
  }
}

TEST(AdminPagingTest, PageShape) {
  boost::json::array items{1, 2};
  auto last = PageView(items, "");
  EXPECT_TRUE(last.at("next_cursor").is_null());
  EXPECT_EQ(last.at("items").as_array().size(), 2u);
  auto more = PageView(items, "abc");
  EXPECT_EQ(more.at("next_cursor").as_string(), EncodeCursor("abc"));
}

}  // namespace
}  // namespace portcullis::api::native
