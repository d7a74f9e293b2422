// SecurityEventRepository conformance: the append-only audit log, per user and by query (filters,
// cursor, newest first), its increasing seq and its retention purge.
// Every backend instantiates StoreConformanceTest; each test owns a fresh store.
#include <string>
#include <vector>

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

core::SecurityEvent MakeEvent(const std::string& id, const std::string& type, int64_t at) {
  core::SecurityEvent event;
  event.id = id;
  event.type = type;
  event.at = at;
  return event;
}

std::vector<std::string> EventIds(const std::vector<core::SecurityEvent>& events) {
  std::vector<std::string> ids;
  for (const auto& event : events) ids.push_back(event.id);
  return ids;
}

TEST_P(StoreConformanceTest, AppendAssignsIncreasingSeqAndKeepsEveryField) {
  core::SecurityEvent full = MakeEvent("e1", "client_created", kNow);
  full.seq = 999999;  // ignored
  full.actor_type = "admin";
  full.actor_id = "user-9";
  full.user_id = "user-1";
  full.company_id = "c1";
  full.target_type = "client";
  full.target_id = "0123456789abcdef01234567";
  full.outcome = "failure";
  full.ip = "2001:db8::1";
  full.user_agent = "agent/2";
  full.detail = "bad_password";
  ASSERT_OK(Write([&](auto& r) { return r.security_events().Append(full); }));
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.security_events().Append(MakeEvent("e2", "login", kNow)));
    return r.security_events().Append(MakeEvent("e3", "login", kNow - 100));
  }));
  auto events = Read([&](auto& r) { return r.security_events().List(core::SecurityEventQuery{}); });
  ASSERT_OK(events);
  ASSERT_EQ(EventIds(*events), (std::vector<std::string>{"e3", "e2", "e1"}));  // by seq, not at
  EXPECT_GT((*events)[0].seq, (*events)[1].seq);
  EXPECT_GT((*events)[1].seq, (*events)[2].seq);
  EXPECT_GT((*events)[2].seq, 0);
  const core::SecurityEvent& got = (*events)[2];
  EXPECT_EQ(got.type, full.type);
  EXPECT_EQ(got.at, full.at);
  EXPECT_EQ(got.actor_type, full.actor_type);
  EXPECT_EQ(got.actor_id, full.actor_id);
  EXPECT_EQ(got.user_id, full.user_id);
  EXPECT_EQ(got.company_id, full.company_id);
  EXPECT_EQ(got.target_type, full.target_type);
  EXPECT_EQ(got.target_id, full.target_id);
  EXPECT_EQ(got.outcome, full.outcome);
  EXPECT_EQ(got.ip, full.ip);
  EXPECT_EQ(got.user_agent, full.user_agent);
  EXPECT_EQ(got.detail, full.detail);
  // Defaults round-trip too.
  EXPECT_EQ((*events)[1].actor_type, "user");
  EXPECT_EQ((*events)[1].outcome, "success");
  EXPECT_EQ((*events)[1].company_id, "");
  // ListForUser carries the seq as well.
  auto mine = Read([&](auto& r) { return r.security_events().ListForUser("user-1", 5); });
  ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().seq, got.seq);
}

// Events 0..9: at kNow + i; user-1 for even i, user-2 for odd; company c1 for i < 5, c2 for
// 5..7, none for 8 and 9; type "login" for i % 3 == 0, else "logout"; actor "a<i % 2>".
void SeedLog(core::Store& store) {
  for (int i = 0; i < 10; ++i) {
    core::SecurityEvent event =
        MakeEvent("e" + std::to_string(i), i % 3 == 0 ? "login" : "logout", kNow + i);
    event.user_id = i % 2 == 0 ? "user-1" : "user-2";
    event.company_id = i < 5 ? "c1" : i < 8 ? "c2" : "";
    event.actor_id = "a" + std::to_string(i % 2);
    ASSERT_TRUE(
        store.Write([&](core::Repositories& r) { return r.security_events().Append(event); }).ok());
  }
}

std::vector<std::string> ListIds(core::Store& store, const core::SecurityEventQuery& query) {
  auto events =
      store.ReadValue([&](core::Repositories& r) { return r.security_events().List(query); });
  EXPECT_TRUE(events.ok());
  return events.ok() ? EventIds(*events) : std::vector<std::string>{};
}

using Ids = std::vector<std::string>;

TEST_P(StoreConformanceTest, ListFiltersTheLogNewestFirst) {
  SeedLog(store());
  core::SecurityEventQuery q;
  EXPECT_EQ(ListIds(store(), q), (Ids{"e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1", "e0"}));
  q.user_id = "user-1";
  EXPECT_EQ(ListIds(store(), q), (Ids{"e8", "e6", "e4", "e2", "e0"}));
  q = {};
  q.company_id = "c2";
  EXPECT_EQ(ListIds(store(), q), (Ids{"e7", "e6", "e5"}));
  q.user_id = "user-2";
  EXPECT_EQ(ListIds(store(), q), (Ids{"e7", "e5"}));
  q = {};
  q.type = "login";
  EXPECT_EQ(ListIds(store(), q), (Ids{"e9", "e6", "e3", "e0"}));
  q = {};
  q.actor_id = "a1";
  EXPECT_EQ(ListIds(store(), q), (Ids{"e9", "e7", "e5", "e3", "e1"}));
  q = {};
  q.since = kNow + 3;
  q.until = kNow + 6;
  EXPECT_EQ(ListIds(store(), q), (Ids{"e6", "e5", "e4", "e3"}));
  q.type = "logout";
  EXPECT_EQ(ListIds(store(), q), (Ids{"e5", "e4"}));
  q = {};
  q.company_id = "nope";
  EXPECT_EQ(ListIds(store(), q), Ids{});
}

TEST_P(StoreConformanceTest, ListPagesWithTheSeqCursorStablyUnderAppends) {
  SeedLog(store());
  core::SecurityEventQuery q;
  q.company_id = "c1";
  q.limit = 2;
  auto first = Read([&](auto& r) { return r.security_events().List(q); });
  ASSERT_OK(first);
  ASSERT_EQ(EventIds(*first), (Ids{"e4", "e3"}));
  // A newer event arrives between two pages: the next page neither repeats nor skips one.
  core::SecurityEvent late = MakeEvent("late", "login", kNow + 100);
  late.company_id = "c1";
  ASSERT_OK(Write([&](auto& r) { return r.security_events().Append(late); }));
  q.before_seq = first->back().seq;
  EXPECT_EQ(ListIds(store(), q), (Ids{"e2", "e1"}));
  q.limit = 50;
  EXPECT_EQ(ListIds(store(), q), (Ids{"e2", "e1", "e0"}));
  q.before_seq = 0;
  q.limit = 1;
  EXPECT_EQ(ListIds(store(), q), (Ids{"late"}));
}

TEST_P(StoreConformanceTest, PurgeBeforeDeletesOnlyOlderEvents) {
  SeedLog(store());
  auto purged = Write([&](auto& r) { return r.security_events().PurgeBefore(kNow + 4); });
  ASSERT_OK(purged);
  EXPECT_EQ(*purged, 4);
  EXPECT_EQ(ListIds(store(), core::SecurityEventQuery{}),
            (Ids{"e9", "e8", "e7", "e6", "e5", "e4"}));
  purged = Write([&](auto& r) { return r.security_events().PurgeBefore(kNow + 4); });
  ASSERT_OK(purged);
  EXPECT_EQ(*purged, 0);
  // Seq keeps increasing after a purge.
  ASSERT_OK(Write([&](auto& r) { return r.security_events().Append(MakeEvent("n", "x", kNow)); }));
  auto events = Read([&](auto& r) { return r.security_events().List(core::SecurityEventQuery{}); });
  ASSERT_OK(events);
  ASSERT_GE(events->size(), 2u);
  EXPECT_EQ((*events)[0].id, "n");
  EXPECT_GT((*events)[0].seq, (*events)[1].seq);
}

}  // namespace
}  // namespace portcullis::store::conformance
