// SecurityEventRepository conformance: the append-only log, per user, newest first.
// Every backend instantiates StoreConformanceTest; each test owns a fresh store.
#include <string>

#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

TEST_P(StoreConformanceTest, SecurityEventsListNewestFirstPerUser) {
  for (int i = 0; i < 5; ++i) {
    core::SecurityEvent event;
    event.id = "e" + std::to_string(i);
    event.user_id = i == 2 ? "user-2" : "user-1";
    event.type = "type" + std::to_string(i);
    event.at = kNow + i;
    event.ip = "192.0.2.1";
    event.user_agent = "agent";
    event.detail = "d";
    ASSERT_OK(Write([&](auto& r) { return r.security_events().Append(event); }));
  }
  core::SecurityEvent dup;
  dup.id = "e1";
  dup.user_id = "user-1";
  auto conflict = Write([&](auto& r) { return r.security_events().Append(dup); });
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  auto events = Read([&](auto& r) { return r.security_events().ListForUser("user-1", 3); });
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].id, "e4");
  EXPECT_EQ((*events)[1].id, "e3");
  EXPECT_EQ((*events)[2].id, "e1");
  EXPECT_EQ((*events)[0].type, "type4");
  EXPECT_EQ((*events)[0].at, kNow + 4);
  EXPECT_EQ((*events)[0].ip, "192.0.2.1");
  EXPECT_EQ((*events)[0].user_agent, "agent");
  EXPECT_EQ((*events)[0].detail, "d");
  EXPECT_EQ(Read([&](auto& r) { return r.security_events().ListForUser("user-2", 10); })->size(),
            1u);
}

}  // namespace
}  // namespace portcullis::store::conformance
