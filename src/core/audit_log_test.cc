// Tests of the audit log's background work: the AuditFlusher writes what RecordLater buffered
// (periodically and at Stop), and AuditRetention deletes only the events past the retention.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/audit_flusher.h"
#include "core/audit_log_reader.h"
#include "core/audit_retention.h"
#include "core/audit_trail.h"
#include "core/credential_use_recorder.h"
#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

using namespace std::chrono_literals;

class AuditLogTest : public testing::ServiceFixture {
 protected:
  std::vector<SecurityEvent> EventsOf(const std::string& user_id) {
    auto events = store.ReadValue(
        [&](Repositories& r) { return r.security_events().ListForUser(user_id, 100); });
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<SecurityEvent>{};
  }
  SecurityEvent EventFor(const std::string& user_id, std::string type) {
    SecurityEvent event = AnonymousAuditEvent(type, {"127.0.0.1", "test"});
    event.user_id = user_id;
    return event;
  }

  AuditTrail trail{clock, random};
};

TEST_F(AuditLogTest, FlushWritesTheBufferedEventsOnce) {
  AuditFlusher flusher(trail, store);
  trail.RecordLater(EventFor("u1", "login_failed"));
  trail.RecordLater(EventFor("u1", "credential_used"));
  EXPECT_TRUE(EventsOf("u1").empty());
  ASSERT_TRUE(flusher.Flush());
  EXPECT_EQ(EventsOf("u1").size(), 2u);
  ASSERT_TRUE(flusher.Flush());
  EXPECT_EQ(EventsOf("u1").size(), 2u);
}

TEST_F(AuditLogTest, FlusherWritesPeriodicallyAndAtStop) {
  AuditFlusher flusher(trail, store);
  flusher.Start(5ms);
  trail.RecordLater(EventFor("u2", "login_failed"));
  for (int i = 0; i < 400 && EventsOf("u2").empty(); ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(EventsOf("u2").size(), 1u);
  flusher.Stop();
  trail.RecordLater(EventFor("u2", "login_failed"));  // after the thread stopped
  flusher.Stop();                                     // the final flush writes it
  EXPECT_EQ(EventsOf("u2").size(), 2u);
}

TEST_F(AuditLogTest, BufferBeyondItsLimitCountsDrops) {
  AuditTrail small(clock, random, 2);
  for (int i = 0; i < 5; ++i) small.RecordLater(EventFor("u3", "login_failed"));
  EXPECT_EQ(small.dropped(), 3u);
  ASSERT_TRUE(small.Flush(store));
  EXPECT_EQ(EventsOf("u3").size(), 2u);
}

TEST_F(AuditLogTest, AnEventTheStoreRefusesDoesNotHoldTheOthersBack) {
  SecurityEvent first = EventFor("u5", "login_failed");
  first.id = "taken";
  ASSERT_TRUE(store.Write([&](Repositories& r) { return trail.Record(r, first); }));
  SecurityEvent clash = EventFor("u5", "login_failed");
  clash.id = "taken";  // refused by the store (its id is taken), like text it cannot store
  trail.RecordLater(clash);
  trail.RecordLater(EventFor("u5", "credential_used"));
  ASSERT_TRUE(trail.Flush(store));
  EXPECT_EQ(trail.dropped(), 1u);
  EXPECT_EQ(EventsOf("u5").size(), 2u);
  ASSERT_TRUE(trail.Flush(store));  // nothing was put back
  EXPECT_EQ(EventsOf("u5").size(), 2u);
}

TEST_F(AuditLogTest, RequestTextIsStoredAsValidUtf8CutOnACharacterBoundary) {
  SecurityEvent event = EventFor("u6", "login_failed");
  event.user_agent = std::string(255, 'a') + "\xC3\xA9";  // the cut would split the "é"
  event.ip = "\xFF";
  ASSERT_TRUE(store.Write([&](Repositories& r) { return trail.Record(r, event); }));
  const auto events = EventsOf("u6");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].user_agent, std::string(255, 'a'));
  EXPECT_EQ(events[0].ip, "\xEF\xBF\xBD");
}

TEST_F(AuditLogTest, RetentionDeletesOnlyEventsPastIt) {
  const int64_t day = 24 * 3600;
  SecurityEvent old_event = EventFor("u4", "login");
  old_event.at = clock.NowSeconds() - 31 * day;
  SecurityEvent recent = EventFor("u4", "logout");
  recent.at = clock.NowSeconds() - 29 * day;
  ASSERT_TRUE(store.Write([&](Repositories& r) -> Status {
    RETURN_IF_ERROR(trail.Record(r, old_event));
    return trail.Record(r, recent);
  }));
  AuditRetention forever({.retention_days = 0}, store, clock);
  ASSERT_EQ(forever.PurgeOnce().value(), 0);
  EXPECT_EQ(EventsOf("u4").size(), 2u);

  AuditRetention month({.retention_days = 30}, store, clock);
  ASSERT_EQ(month.PurgeOnce().value(), 1);
  std::vector<SecurityEvent> left = EventsOf("u4");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].type, "logout");

  clock.Advance(2 * day);  // the recent one is now 31 days old
  ASSERT_EQ(month.PurgeOnce().value(), 1);
  EXPECT_TRUE(EventsOf("u4").empty());
}

TEST_F(AuditLogTest, OwnListPagesNewestFirstAndHidesFailureReasons) {
  IssuedTokens alice = RegisterAlice();
  ASSERT_TRUE(store.Write([&](Repositories& r) -> Status {
    for (int i = 0; i < 4; ++i) {
      SecurityEvent event = EventFor(alice.user.id, "login_failed");
      event.outcome = "failure";
      event.detail = "wrong_password";
      RETURN_IF_ERROR(trail.Record(r, event));
    }
    RETURN_IF_ERROR(trail.Record(r, EventFor("someone else", "login")));
    return trail.Record(r, EventFor(alice.user.id, "login"));
  }));
  Authorizer authorizer;
  AuditLogReader reader(store, authorizer);
  Principal principal;
  principal.user_id = alice.user.id;
  SecurityEventQuery query;
  query.limit = 3;
  auto first = reader.ListOwn(principal, query);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 3u);
  EXPECT_EQ(first->items[0].type, "login");
  EXPECT_TRUE(first->items[1].detail.empty());
  ASSERT_NE(first->next_before_seq, 0);
  query.before_seq = first->next_before_seq;
  auto second = reader.ListOwn(principal, query);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->items.size(), 2u);  // the other two failures, nobody else's event
  EXPECT_EQ(second->next_before_seq, 0);
  for (const auto& event : second->items) EXPECT_EQ(event.user_id, alice.user.id);
  EXPECT_LT(second->items[0].seq, first->items[2].seq);

  // not an instance admin: the whole log is refused
  auto all = reader.ListAll(principal, SecurityEventQuery{});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code, ErrorCode::kForbidden);
}

TEST_F(AuditLogTest, OwnListHidesWhereSomeoneElseActedFrom) {
  IssuedTokens alice = RegisterAlice();
  SecurityEvent by_operator = EventFor(alice.user.id, "admin_user_disabled");
  by_operator.actor_type = "admin";
  by_operator.actor_id = "operator";
  SecurityEvent attempt = EventFor(alice.user.id, "login_failed");  // anonymous
  SecurityEvent own = EventFor(alice.user.id, "login");
  own.actor_type = "user";
  own.actor_id = alice.user.id;
  ASSERT_TRUE(store.Write([&](Repositories& r) -> Status {
    RETURN_IF_ERROR(trail.Record(r, by_operator));
    RETURN_IF_ERROR(trail.Record(r, attempt));
    return trail.Record(r, own);
  }));
  Authorizer authorizer;
  AuditLogReader reader(store, authorizer);
  Principal principal;
  principal.user_id = alice.user.id;
  auto page = reader.ListOwn(principal, SecurityEventQuery{});
  ASSERT_TRUE(page.ok());
  std::map<std::string, SecurityEvent> by_type;
  for (const auto& event : page->items) by_type[event.type] = event;
  EXPECT_TRUE(by_type["admin_user_disabled"].ip.empty());
  EXPECT_TRUE(by_type["admin_user_disabled"].user_agent.empty());
  EXPECT_EQ(by_type["login_failed"].ip, "127.0.0.1");
  EXPECT_EQ(by_type["login"].user_agent, "test");
}

TEST_F(AuditLogTest, RecorderAnnouncesOnlyTheFirstUseOfEachDay) {
  const int64_t day = 24 * 3600;
  const int64_t noon = 20'000 * day + day / 2;
  CredentialUseRecorder recorder(store);
  EXPECT_TRUE(recorder.Record("k1", noon, noon - day));        // last used yesterday
  EXPECT_FALSE(recorder.Record("k1", noon + 60, noon - day));  // the store not yet flushed
  EXPECT_FALSE(recorder.Record("k2", noon, noon - 3600));      // already used today
  EXPECT_TRUE(recorder.Record("k3", noon, 0));                 // never used
  EXPECT_TRUE(recorder.Record("k1", noon + day, noon));        // the next day
}

}  // namespace
}  // namespace portcullis::core
