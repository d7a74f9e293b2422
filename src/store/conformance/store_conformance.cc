// The store conformance suite: every repository method, transactions and concurrency, against any
// backend. Tests only use the core ports; each test owns a fresh store.
#include "store/conformance/store_conformance.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace portcullis::store::conformance {

void StoreConformanceTest::SetUp() {
  store_ = GetParam().factory();
  ASSERT_NE(store_, nullptr);
}

void StoreConformanceTest::TearDown() { store_.reset(); }

namespace {

using core::RefreshToken;
using core::Session;
using core::User;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr int64_t kNow = 1'700'000'000;

User MakeUser(const std::string& n) {
  User user;
  user.id = "user-" + n;
  user.email = n + "@example.com";
  user.username = "name" + n;
  user.display_name = "User " + n;
  user.metadata_json = R"({"n":")" + n + R"("})";
  user.role = "member";
  user.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + n;
  user.created_at = kNow;
  user.updated_at = kNow;
  user.password_changed_at = kNow;
  return user;
}

Session MakeSession(const std::string& id, const std::string& user_id, int64_t created_at,
                    int64_t expires_at) {
  Session session;
  session.id = id;
  session.user_id = user_id;
  session.created_at = created_at;
  session.last_refreshed_at = created_at;
  session.expires_at = expires_at;
  session.auth_time = created_at;
  session.amr = "pwd,otp";
  session.user_agent = "agent/1.0";
  session.ip = "192.0.2.1";
  return session;
}

RefreshToken MakeToken(const std::string& hash, const std::string& session_id, int64_t issued_at,
                       int64_t expires_at) {
  RefreshToken token;
  token.hash = hash;
  token.session_id = session_id;
  token.issued_at = issued_at;
  token.expires_at = expires_at;
  return token;
}

void ExpectSameUser(const User& a, const User& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.username, b.username);
  EXPECT_EQ(a.display_name, b.display_name);
  EXPECT_EQ(a.metadata_json, b.metadata_json);
  EXPECT_EQ(a.role, b.role);
  EXPECT_EQ(a.password_hash, b.password_hash);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.password_changed_at, b.password_changed_at);
}

void ExpectSameSession(const Session& a, const Session& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.last_refreshed_at, b.last_refreshed_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.revoked_at, b.revoked_at);
  EXPECT_EQ(a.auth_time, b.auth_time);
  EXPECT_EQ(a.amr, b.amr);
  EXPECT_EQ(a.user_agent, b.user_agent);
  EXPECT_EQ(a.ip, b.ip);
}

void ExpectSameToken(const RefreshToken& a, const RefreshToken& b) {
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_EQ(a.session_id, b.session_id);
  EXPECT_EQ(a.issued_at, b.issued_at);
  EXPECT_EQ(a.expires_at, b.expires_at);
  EXPECT_EQ(a.used_at, b.used_at);
  EXPECT_EQ(a.replaced_by, b.replaced_by);
}

#define ASSERT_OK(expr)                                                                      \
  do {                                                                                       \
    const auto& status_ = (expr);                                                            \
    ASSERT_TRUE(status_.ok()) << #expr << ": " << ErrorCodeName(status_.error().code) << " " \
                              << status_.error().detail;                                     \
  } while (false)

#define EXPECT_ERROR(expr, want_code, want_detail)         \
  do {                                                     \
    const auto& status_ = (expr);                          \
    ASSERT_FALSE(status_.ok()) << #expr;                   \
    EXPECT_EQ(status_.error().code, (want_code)) << #expr; \
    EXPECT_EQ(status_.error().detail, (want_detail));      \
  } while (false)

std::vector<std::string> Ids(const std::vector<Session>& sessions) {
  std::vector<std::string> ids;
  for (const auto& s : sessions) ids.push_back(s.id);
  return ids;
}

// --- users ---

TEST_P(StoreConformanceTest, CreatesAndFindsUserByIdEmailAndUsername) {
  const User user = MakeUser("1");
  ASSERT_OK(store().users().Create(user));

  auto by_id = store().users().FindById(user.id);
  ASSERT_OK(by_id);
  ExpectSameUser(*by_id, user);
  auto by_email = store().users().FindByEmail(user.email);
  ASSERT_OK(by_email);
  ExpectSameUser(*by_email, user);
  auto by_username = store().users().FindByUsername(*user.username);
  ASSERT_OK(by_username);
  ExpectSameUser(*by_username, user);
}

TEST_P(StoreConformanceTest, MissingUserIsNotFound) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  EXPECT_EQ(store().users().FindById("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store().users().FindByEmail("nope@example.com").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store().users().FindByUsername("nope").error().code, ErrorCode::kNotFound);
  // Lookups are exact: normalisation is core's job.
  EXPECT_EQ(store().users().FindByEmail("1@EXAMPLE.com").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, UsernameIsOptionalAndMayBeAbsentForManyUsers) {
  User a = MakeUser("a");
  a.username.reset();
  User b = MakeUser("b");
  b.username.reset();
  b.password_hash.clear();
  ASSERT_OK(store().users().Create(a));
  ASSERT_OK(store().users().Create(b));
  auto found = store().users().FindById(b.id);
  ASSERT_OK(found);
  ExpectSameUser(*found, b);
  EXPECT_FALSE(found->username.has_value());
}

TEST_P(StoreConformanceTest, CreateConflictsOnEmail) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  User other = MakeUser("2");
  other.email = "1@example.com";
  EXPECT_ERROR(store().users().Create(other), ErrorCode::kConflict, "email");
  auto count = store().users().Count();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 1);
  EXPECT_EQ(store().users().FindById(other.id).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CreateConflictsOnUsername) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  User other = MakeUser("2");
  other.username = "name1";
  EXPECT_ERROR(store().users().Create(other), ErrorCode::kConflict, "username");
  EXPECT_EQ(store().users().FindByEmail(other.email).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CreateConflictsOnId) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  User other = MakeUser("2");
  other.id = "user-1";
  EXPECT_ERROR(store().users().Create(other), ErrorCode::kConflict, "user");
}

TEST_P(StoreConformanceTest, UpdateProfileWritesProfileFieldsOnly) {
  const User original = MakeUser("1");
  ASSERT_OK(store().users().Create(original));
  User changed = original;
  changed.username = "renamed";
  changed.display_name = "Renamed";
  changed.metadata_json = R"({"k":[1,2]})";
  changed.role = "admin";
  changed.updated_at = kNow + 10;
  changed.email = "ignored@example.com";  // not a profile field
  changed.password_hash = "ignored";      // not a profile field
  changed.created_at = 1;                 // not a profile field
  ASSERT_OK(store().users().UpdateProfile(changed));

  auto found = store().users().FindById(original.id);
  ASSERT_OK(found);
  EXPECT_EQ(found->username, "renamed");
  EXPECT_EQ(found->display_name, "Renamed");
  EXPECT_EQ(found->metadata_json, R"({"k":[1,2]})");
  EXPECT_EQ(found->role, "admin");
  EXPECT_EQ(found->updated_at, kNow + 10);
  EXPECT_EQ(found->email, original.email);
  EXPECT_EQ(found->password_hash, original.password_hash);
  EXPECT_EQ(found->created_at, original.created_at);
  // The old username is free again; the new one is taken.
  EXPECT_EQ(store().users().FindByUsername("name1").error().code, ErrorCode::kNotFound);
  auto by_new = store().users().FindByUsername("renamed");
  ASSERT_OK(by_new);
  EXPECT_EQ(by_new->id, original.id);
}

TEST_P(StoreConformanceTest, UpdateProfileKeepingOwnUsernameIsFine) {
  User user = MakeUser("1");
  ASSERT_OK(store().users().Create(user));
  user.display_name = "Same Name";
  ASSERT_OK(store().users().UpdateProfile(user));
  auto found = store().users().FindByUsername("name1");
  ASSERT_OK(found);
  EXPECT_EQ(found->display_name, "Same Name");
}

TEST_P(StoreConformanceTest, UpdateProfileCanClearUsername) {
  User user = MakeUser("1");
  ASSERT_OK(store().users().Create(user));
  user.username.reset();
  ASSERT_OK(store().users().UpdateProfile(user));
  EXPECT_EQ(store().users().FindByUsername("name1").error().code, ErrorCode::kNotFound);
  User other = MakeUser("2");
  other.username = "name1";
  ASSERT_OK(store().users().Create(other));
}

TEST_P(StoreConformanceTest, UpdateProfileConflictsOnTakenUsernameAndChangesNothing) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  const User second = MakeUser("2");
  ASSERT_OK(store().users().Create(second));
  User changed = second;
  changed.username = "name1";
  changed.display_name = "Thief";
  EXPECT_ERROR(store().users().UpdateProfile(changed), ErrorCode::kConflict, "username");
  auto found = store().users().FindById(second.id);
  ASSERT_OK(found);
  ExpectSameUser(*found, second);
}

TEST_P(StoreConformanceTest, UpdateProfileOfMissingUserIsNotFound) {
  EXPECT_EQ(store().users().UpdateProfile(MakeUser("9")).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, UpdatePasswordSetsHashAndTimes) {
  const User user = MakeUser("1");
  ASSERT_OK(store().users().Create(user));
  ASSERT_OK(store().users().UpdatePassword(user.id, "$argon2id$new", kNow + 50));
  auto found = store().users().FindById(user.id);
  ASSERT_OK(found);
  EXPECT_EQ(found->password_hash, "$argon2id$new");
  EXPECT_EQ(found->password_changed_at, kNow + 50);
  EXPECT_EQ(found->updated_at, kNow + 50);
  EXPECT_EQ(found->display_name, user.display_name);
  EXPECT_EQ(store().users().UpdatePassword("nope", "x", kNow).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, CountsUsers) {
  auto empty = store().users().Count();
  ASSERT_OK(empty);
  EXPECT_EQ(*empty, 0);
  for (int i = 0; i < 5; ++i) ASSERT_OK(store().users().Create(MakeUser(std::to_string(i))));
  auto count = store().users().Count();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 5);
}

// --- sessions and refresh tokens ---

class SessionFixture {
 public:
  static void CreateUserAndSession(core::Store& store, const std::string& session_id,
                                   const std::string& token_hash) {
    ASSERT_OK(store.users().Create(MakeUser("1")));
    ASSERT_OK(store.sessions().Create(MakeSession(session_id, "user-1", kNow, kNow + 3600),
                                      MakeToken(token_hash, session_id, kNow, kNow + 3600)));
  }
};

TEST_P(StoreConformanceTest, CreatesAndFindsSessionAndToken) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  const Session session = MakeSession("s1", "user-1", kNow, kNow + 3600);
  const RefreshToken token = MakeToken("h1", "s1", kNow, kNow + 3600);
  ASSERT_OK(store().sessions().Create(session, token));

  auto found = store().sessions().FindSession("s1");
  ASSERT_OK(found);
  ExpectSameSession(*found, session);
  auto found_token = store().sessions().FindToken("h1");
  ASSERT_OK(found_token);
  ExpectSameToken(*found_token, token);
  EXPECT_FALSE(found_token->used_at.has_value());
  EXPECT_EQ(found_token->replaced_by, "");
}

TEST_P(StoreConformanceTest, MissingSessionAndTokenAreNotFound) {
  EXPECT_EQ(store().sessions().FindSession("nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store().sessions().FindToken("nope").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, SessionCreateRejectsBadInputAtomically) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  // Unknown user.
  EXPECT_ERROR(store().sessions().Create(MakeSession("s0", "user-x", kNow, kNow + 60),
                                         MakeToken("h0", "s0", kNow, kNow + 60)),
               ErrorCode::kNotFound, "user");
  // First token for another session.
  EXPECT_ERROR(store().sessions().Create(MakeSession("s0", "user-1", kNow, kNow + 60),
                                         MakeToken("h0", "other", kNow, kNow + 60)),
               ErrorCode::kInvalidRequest, "session_id");
  EXPECT_EQ(store().sessions().FindSession("s0").error().code, ErrorCode::kNotFound);

  ASSERT_OK(store().sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60),
                                      MakeToken("h1", "s1", kNow, kNow + 60)));
  // Duplicate session id.
  EXPECT_ERROR(store().sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60),
                                         MakeToken("h2", "s1", kNow, kNow + 60)),
               ErrorCode::kConflict, "session");
  EXPECT_EQ(store().sessions().FindToken("h2").error().code, ErrorCode::kNotFound);
  // Duplicate token hash: the session is not created either.
  EXPECT_ERROR(store().sessions().Create(MakeSession("s2", "user-1", kNow, kNow + 60),
                                         MakeToken("h1", "s2", kNow, kNow + 60)),
               ErrorCode::kConflict, "token");
  EXPECT_EQ(store().sessions().FindSession("s2").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, RotateMarksOldUsedInsertsNextAndSlidesSession) {
  SessionFixture::CreateUserAndSession(store(), "s1", "h1");
  const RefreshToken next = MakeToken("h2", "s1", kNow + 100, kNow + 7200);
  auto rotated = store().sessions().Rotate("h1", next, kNow + 100);
  ASSERT_OK(rotated);
  EXPECT_TRUE(*rotated);

  auto old_token = store().sessions().FindToken("h1");
  ASSERT_OK(old_token);
  EXPECT_EQ(old_token->used_at, kNow + 100);
  EXPECT_EQ(old_token->replaced_by, "h2");
  auto new_token = store().sessions().FindToken("h2");
  ASSERT_OK(new_token);
  ExpectSameToken(*new_token, next);
  auto session = store().sessions().FindSession("s1");
  ASSERT_OK(session);
  EXPECT_EQ(session->last_refreshed_at, kNow + 100);
  EXPECT_EQ(session->expires_at, kNow + 7200);
  EXPECT_EQ(session->created_at, kNow);

  // The chain continues from the new token.
  auto again =
      store().sessions().Rotate("h2", MakeToken("h3", "s1", kNow + 200, kNow + 9000), kNow + 200);
  ASSERT_OK(again);
  EXPECT_TRUE(*again);
}

TEST_P(StoreConformanceTest, SecondRotateOfSameTokenReturnsFalseAndChangesNothing) {
  SessionFixture::CreateUserAndSession(store(), "s1", "h1");
  auto first =
      store().sessions().Rotate("h1", MakeToken("h2", "s1", kNow + 10, kNow + 7200), kNow + 10);
  ASSERT_OK(first);
  ASSERT_TRUE(*first);
  auto token_before = store().sessions().FindToken("h1");
  auto session_before = store().sessions().FindSession("s1");
  ASSERT_OK(token_before);
  ASSERT_OK(session_before);

  auto second =
      store().sessions().Rotate("h1", MakeToken("h3", "s1", kNow + 20, kNow + 9999), kNow + 20);
  ASSERT_OK(second);
  EXPECT_FALSE(*second);
  EXPECT_EQ(store().sessions().FindToken("h3").error().code, ErrorCode::kNotFound);
  auto token_after = store().sessions().FindToken("h1");
  ASSERT_OK(token_after);
  ExpectSameToken(*token_after, *token_before);
  auto session_after = store().sessions().FindSession("s1");
  ASSERT_OK(session_after);
  ExpectSameSession(*session_after, *session_before);
}

TEST_P(StoreConformanceTest, RotateRejectsUnknownTokenAndBadNext) {
  SessionFixture::CreateUserAndSession(store(), "s1", "h1");
  EXPECT_ERROR(store().sessions().Rotate("nope", MakeToken("h2", "s1", kNow, kNow + 60), kNow),
               ErrorCode::kNotFound, "token");
  // Next token for another session.
  EXPECT_ERROR(store().sessions().Rotate("h1", MakeToken("h2", "s9", kNow, kNow + 60), kNow),
               ErrorCode::kInvalidRequest, "session_id");
  // Next hash already exists: nothing changes, the old token is still usable.
  EXPECT_ERROR(store().sessions().Rotate("h1", MakeToken("h1", "s1", kNow, kNow + 60), kNow),
               ErrorCode::kConflict, "token");
  auto old_token = store().sessions().FindToken("h1");
  ASSERT_OK(old_token);
  EXPECT_FALSE(old_token->used_at.has_value());
  auto ok = store().sessions().Rotate("h1", MakeToken("h2", "s1", kNow, kNow + 60), kNow);
  ASSERT_OK(ok);
  EXPECT_TRUE(*ok);
}

TEST_P(StoreConformanceTest, RevokeIsIdempotentAndKeepsFirstTime) {
  SessionFixture::CreateUserAndSession(store(), "s1", "h1");
  ASSERT_OK(store().sessions().Revoke("s1", kNow + 5));
  ASSERT_OK(store().sessions().Revoke("s1", kNow + 50));
  auto session = store().sessions().FindSession("s1");
  ASSERT_OK(session);
  EXPECT_EQ(session->revoked_at, kNow + 5);
  EXPECT_EQ(store().sessions().Revoke("nope", kNow).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, RevokeAllForUserRevokesLiveSessionsExceptKept) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().users().Create(MakeUser("2")));
  auto add = [&](const std::string& id, const std::string& user, int64_t expires_at) {
    ASSERT_OK(store().sessions().Create(MakeSession(id, user, kNow, expires_at),
                                        MakeToken("h-" + id, id, kNow, expires_at)));
  };
  add("a", "user-1", kNow + 100);
  add("b", "user-1", kNow + 100);
  add("keep", "user-1", kNow + 100);
  add("gone", "user-1", kNow + 100);
  add("expired", "user-1", kNow - 1);
  add("other", "user-2", kNow + 100);
  ASSERT_OK(store().sessions().Revoke("gone", kNow - 10));

  auto revoked = store().sessions().RevokeAllForUser("user-1", "keep", kNow);
  ASSERT_OK(revoked);
  EXPECT_THAT(*revoked, UnorderedElementsAre("a", "b"));
  EXPECT_EQ(store().sessions().FindSession("a")->revoked_at, kNow);
  EXPECT_EQ(store().sessions().FindSession("b")->revoked_at, kNow);
  EXPECT_FALSE(store().sessions().FindSession("keep")->revoked_at.has_value());
  EXPECT_EQ(store().sessions().FindSession("gone")->revoked_at, kNow - 10);
  EXPECT_FALSE(store().sessions().FindSession("other")->revoked_at.has_value());

  // Without a kept session, the rest goes too; nothing is revoked twice.
  auto rest = store().sessions().RevokeAllForUser("user-1", "", kNow + 1);
  ASSERT_OK(rest);
  EXPECT_THAT(*rest, ElementsAre("keep"));
  auto none = store().sessions().RevokeAllForUser("nobody", "", kNow);
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformanceTest, ListActiveExcludesRevokedAndExpiredNewestFirst) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().users().Create(MakeUser("2")));
  auto add = [&](const std::string& id, const std::string& user, int64_t created_at,
                 int64_t expires_at) {
    ASSERT_OK(store().sessions().Create(MakeSession(id, user, created_at, expires_at),
                                        MakeToken("h-" + id, id, created_at, expires_at)));
  };
  add("old", "user-1", kNow - 300, kNow + 100);
  add("new", "user-1", kNow - 100, kNow + 100);
  add("mid", "user-1", kNow - 200, kNow + 100);
  add("revoked", "user-1", kNow - 50, kNow + 100);
  add("expired", "user-1", kNow - 40, kNow);  // expires_at == now: no longer active
  add("other", "user-2", kNow - 10, kNow + 100);
  ASSERT_OK(store().sessions().Revoke("revoked", kNow - 1));

  auto active = store().sessions().ListActive("user-1", kNow);
  ASSERT_OK(active);
  EXPECT_THAT(Ids(*active), ElementsAre("new", "mid", "old"));
  ExpectSameSession(active->front(), MakeSession("new", "user-1", kNow - 100, kNow + 100));

  // Everything has expired by then.
  auto later = store().sessions().ListActive("user-1", kNow + 100);
  ASSERT_OK(later);
  EXPECT_TRUE(later->empty());
}

TEST_P(StoreConformanceTest, ListRevokedSince) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  for (const char* id : {"a", "b", "c", "live"}) {
    ASSERT_OK(store().sessions().Create(MakeSession(id, "user-1", kNow, kNow + 100),
                                        MakeToken(std::string("h-") + id, id, kNow, kNow + 100)));
  }
  ASSERT_OK(store().sessions().Revoke("a", kNow - 100));
  ASSERT_OK(store().sessions().Revoke("b", kNow));
  ASSERT_OK(store().sessions().Revoke("c", kNow + 5));

  auto since = store().sessions().ListRevokedSince(kNow);
  ASSERT_OK(since);
  ASSERT_EQ(since->size(), 2u);
  std::vector<std::pair<std::string, int64_t>> got;
  for (const auto& r : *since) got.emplace_back(r.id, r.revoked_at);
  EXPECT_THAT(got, UnorderedElementsAre(std::pair<std::string, int64_t>("b", kNow),
                                        std::pair<std::string, int64_t>("c", kNow + 5)));
  auto all = store().sessions().ListRevokedSince(0);
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 3u);
}

// --- transactions ---

TEST_P(StoreConformanceTest, TransactCommitsAllAndSeesItsOwnWrites) {
  Status status = store().Transact([](core::Repositories& repos) -> Status {
    if (auto s = repos.users().Create(MakeUser("1")); !s) return s;
    auto inside = repos.users().FindByEmail("1@example.com");
    if (!inside) return inside.error();
    if (auto s = repos.sessions().Create(MakeSession("s1", inside->id, kNow, kNow + 60),
                                         MakeToken("h1", "s1", kNow, kNow + 60));
        !s) {
      return s;
    }
    auto rotated = repos.sessions().Rotate("h1", MakeToken("h2", "s1", kNow, kNow + 90), kNow);
    if (!rotated) return rotated.error();
    if (!*rotated) return MakeError(ErrorCode::kInternal, "rotate lost");
    return repos.users().UpdatePassword("user-1", "$argon2id$tx", kNow + 1);
  });
  ASSERT_OK(status);
  EXPECT_EQ(store().users().FindById("user-1")->password_hash, "$argon2id$tx");
  EXPECT_EQ(store().sessions().FindSession("s1")->expires_at, kNow + 90);
  EXPECT_EQ(store().sessions().FindToken("h1")->replaced_by, "h2");
  EXPECT_TRUE(store().sessions().FindToken("h2").ok());
}

TEST_P(StoreConformanceTest, TransactRollsBackAllWhenWorkFails) {
  SessionFixture::CreateUserAndSession(store(), "s1", "h1");
  Status status = store().Transact([](core::Repositories& repos) -> Status {
    if (auto s = repos.users().Create(MakeUser("2")); !s) return s;
    if (auto s = repos.users().UpdatePassword("user-1", "$argon2id$tx", kNow + 1); !s) return s;
    if (auto s = repos.sessions().Revoke("s1", kNow + 1); !s) return s;
    auto rotated = repos.sessions().Rotate("h1", MakeToken("h2", "s1", kNow, kNow + 90), kNow);
    if (!rotated || !*rotated) return MakeError(ErrorCode::kInternal, "rotate failed");
    User clash = MakeUser("3");
    clash.email = "2@example.com";
    // A failing call inside the work; the work returns its error.
    return repos.users().Create(clash);
  });
  EXPECT_ERROR(status, ErrorCode::kConflict, "email");

  EXPECT_EQ(store().users().FindById("user-2").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*store().users().Count(), 1);
  EXPECT_EQ(store().users().FindById("user-1")->password_hash, MakeUser("1").password_hash);
  EXPECT_FALSE(store().sessions().FindSession("s1")->revoked_at.has_value());
  EXPECT_FALSE(store().sessions().FindToken("h1")->used_at.has_value());
  EXPECT_EQ(store().sessions().FindToken("h2").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreConformanceTest, TransactReturnsWorkStatusAndChangesNothingOnPlainError) {
  Status status = store().Transact([](core::Repositories& repos) -> Status {
    if (auto s = repos.users().Create(MakeUser("1")); !s) return s;
    return MakeError(ErrorCode::kForbidden, "policy");
  });
  EXPECT_ERROR(status, ErrorCode::kForbidden, "policy");
  EXPECT_EQ(*store().users().Count(), 0);
  // The store is usable afterwards.
  ASSERT_OK(store().users().Create(MakeUser("1")));
}

TEST_P(StoreConformanceTest, FailedCallInsideTransactDoesNotPartiallyApply) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  Status status = store().Transact([](core::Repositories& repos) -> Status {
    // The session's user is missing: the call fails and must leave no row behind, even though
    // the work carries on and commits.
    Status failed = repos.sessions().Create(MakeSession("s9", "user-x", kNow, kNow + 60),
                                            MakeToken("h9", "s9", kNow, kNow + 60));
    if (failed.ok()) return MakeError(ErrorCode::kInternal, "expected a failure");
    return repos.users().UpdatePassword("user-1", "$argon2id$after", kNow + 1);
  });
  ASSERT_OK(status);
  EXPECT_EQ(store().sessions().FindSession("s9").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store().sessions().FindToken("h9").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store().users().FindById("user-1")->password_hash, "$argon2id$after");
}

TEST_P(StoreConformanceTest, PingAnswers) { ASSERT_OK(store().Ping()); }

// --- concurrency ---

TEST_P(StoreConformanceTest, ConcurrentRotationsOfOneTokenHaveExactlyOneWinner) {
  SessionFixture::CreateUserAndSession(store(), "s1", "h1");
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> winners = 0;
  std::atomic<int> losers = 0;
  std::atomic<int> errors = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const RefreshToken next = MakeToken("next-" + std::to_string(i), "s1", kNow + 1, kNow + 7200);
      start.arrive_and_wait();
      auto rotated = store().sessions().Rotate("h1", next, kNow + 1);
      if (!rotated) {
        ++errors;
      } else if (*rotated) {
        ++winners;
      } else {
        ++losers;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(losers.load(), kThreads - 1);
  EXPECT_EQ(errors.load(), 0);

  auto old_token = store().sessions().FindToken("h1");
  ASSERT_OK(old_token);
  int present = 0;
  for (int i = 0; i < kThreads; ++i) {
    const std::string hash = "next-" + std::to_string(i);
    if (store().sessions().FindToken(hash).ok()) {
      ++present;
      EXPECT_EQ(old_token->replaced_by, hash);
    }
  }
  EXPECT_EQ(present, 1);
}

TEST_P(StoreConformanceTest, ConcurrentCreatesAreAllPresent) {
  constexpr int kThreads = 32;
  constexpr int kPerThread = 8;
  std::latch start(kThreads);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        if (!store().users().Create(MakeUser(std::to_string(t) + "x" + std::to_string(i)))) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto count = store().users().Count();
  ASSERT_OK(count);
  EXPECT_EQ(*count, kThreads * kPerThread);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string n = std::to_string(t) + "x" + std::to_string(i);
      auto found = store().users().FindByEmail(n + "@example.com");
      ASSERT_OK(found);
      EXPECT_EQ(found->id, "user-" + n);
    }
  }
}

// --- step-up, MFA, security events ---

TEST_P(StoreConformanceTest, SetStepUpIsStoredAndReadBack) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().sessions().Create(MakeSession("s1", "user-1", kNow, kNow + 60),
                                      MakeToken("h1", "s1", kNow, kNow + 60)));
  EXPECT_FALSE(store().sessions().FindSession("s1")->step_up_at.has_value());
  ASSERT_OK(store().sessions().SetStepUp("s1", kNow + 7));
  EXPECT_EQ(store().sessions().FindSession("s1")->step_up_at, kNow + 7);
  EXPECT_EQ(store().sessions().ListActive("user-1", kNow)->at(0).step_up_at, kNow + 7);
  EXPECT_ERROR(store().sessions().SetStepUp("nope", kNow), ErrorCode::kNotFound, "session");
}

TEST_P(StoreConformanceTest, MfaPendingThenEnabledMirrorsOnTheUser) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  EXPECT_ERROR(store().mfa().Find("user-1"), ErrorCode::kNotFound, "mfa");
  EXPECT_ERROR(store().mfa().SavePending("nobody", "sealed", kNow), ErrorCode::kNotFound, "user");
  EXPECT_ERROR(store().mfa().Enable("user-1", "s", 1, kNow), ErrorCode::kNotFound, "mfa");
  ASSERT_OK(store().mfa().SavePending("user-1", "pending-1", kNow));
  ASSERT_OK(store().mfa().SavePending("user-1", "pending-2", kNow + 1));
  auto pending = store().mfa().Find("user-1");
  ASSERT_OK(pending);
  EXPECT_FALSE(pending->enabled);
  EXPECT_EQ(pending->pending_sealed, "pending-2");
  EXPECT_EQ(pending->last_used_step, -1);
  EXPECT_EQ(pending->updated_at, kNow + 1);
  EXPECT_FALSE(store().users().FindById("user-1")->mfa_enabled);

  ASSERT_OK(store().mfa().RecordFailure("user-1", kNow, 10, 900));
  EXPECT_FALSE(*store().mfa().Enable("user-1", "pending-1", 100, kNow + 2));  // replaced since
  EXPECT_FALSE(store().mfa().Find("user-1")->enabled);
  EXPECT_TRUE(*store().mfa().Enable("user-1", "pending-2", 100, kNow + 2));
  auto enabled = store().mfa().Find("user-1");
  ASSERT_OK(enabled);
  EXPECT_TRUE(enabled->enabled);
  EXPECT_EQ(enabled->secret_sealed, "pending-2");
  EXPECT_EQ(enabled->pending_sealed, "");
  EXPECT_EQ(enabled->last_used_step, 100);
  EXPECT_EQ(enabled->failures, 0);
  EXPECT_TRUE(store().users().FindById("user-1")->mfa_enabled);
  EXPECT_TRUE(store().users().FindByEmail("1@example.com")->mfa_enabled);
  // A new pending secret is refused and leaves the enabled factor alone; enabling again fails.
  EXPECT_ERROR(store().mfa().SavePending("user-1", "pending-3", kNow + 3), ErrorCode::kConflict,
               "mfa");
  EXPECT_EQ(store().mfa().Find("user-1")->secret_sealed, "pending-2");
  EXPECT_EQ(store().mfa().Find("user-1")->pending_sealed, "");
  EXPECT_TRUE(store().mfa().Find("user-1")->enabled);
  EXPECT_FALSE(*store().mfa().Enable("user-1", "pending-2", 200, kNow + 4));
  EXPECT_EQ(store().mfa().Find("user-1")->last_used_step, 100);
}

TEST_P(StoreConformanceTest, MfaClaimStepOnlyMovesForward) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  EXPECT_FALSE(*store().mfa().ClaimStep("user-1", 5));  // not enabled yet
  ASSERT_OK(store().mfa().Enable("user-1", "p", 10, kNow));
  EXPECT_FALSE(*store().mfa().ClaimStep("user-1", 10));
  EXPECT_FALSE(*store().mfa().ClaimStep("user-1", 9));
  EXPECT_TRUE(*store().mfa().ClaimStep("user-1", 11));
  EXPECT_FALSE(*store().mfa().ClaimStep("user-1", 11));
  EXPECT_FALSE(*store().mfa().ClaimStep("nobody", 50));
  EXPECT_EQ(store().mfa().Find("user-1")->last_used_step, 11);
}

TEST_P(StoreConformanceTest, MfaFailuresCountUpLockAndReset) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  EXPECT_ERROR(store().mfa().RecordFailure("user-1", kNow, 3, 900), ErrorCode::kNotFound, "mfa");
  EXPECT_ERROR(store().mfa().ResetThrottle("user-1"), ErrorCode::kNotFound, "mfa");
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  auto first = store().mfa().RecordFailure("user-1", kNow + 1, 3, 900);
  ASSERT_OK(first);
  EXPECT_EQ(first->failures, 1);
  EXPECT_EQ(first->last_failure_at, kNow + 1);
  EXPECT_EQ(first->locked_until, 0);
  EXPECT_EQ(store().mfa().RecordFailure("user-1", kNow + 2, 3, 900)->failures, 2);
  auto third = store().mfa().RecordFailure("user-1", kNow + 3, 3, 900);  // locks, count restarts
  ASSERT_OK(third);
  EXPECT_EQ(third->failures, 0);
  EXPECT_EQ(third->locked_until, kNow + 903);
  auto state = store().mfa().Find("user-1");
  ASSERT_OK(state);
  EXPECT_EQ(state->failures, 0);
  EXPECT_EQ(state->last_failure_at, kNow + 3);
  EXPECT_EQ(state->locked_until, kNow + 903);
  // A later lock with a shorter duration never moves locked_until back.
  EXPECT_EQ(store().mfa().RecordFailure("user-1", kNow + 4, 1, 10)->locked_until, kNow + 903);
  EXPECT_EQ(store().mfa().RecordFailure("user-1", kNow + 5, 1, 1000)->locked_until, kNow + 1005);
  ASSERT_OK(store().mfa().ResetThrottle("user-1"));
  state = store().mfa().Find("user-1");
  EXPECT_EQ(state->failures, 0);
  EXPECT_EQ(state->last_failure_at, 0);
  EXPECT_EQ(state->locked_until, 0);
}

TEST_P(StoreConformanceTest, RecoveryCodesAreReplacedAndUsedOnce) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().users().Create(MakeUser("2")));
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-1"), 0);
  ASSERT_OK(store().mfa().ReplaceRecoveryCodes("user-1", {"a", "b", "c"}, kNow));
  ASSERT_OK(store().mfa().ReplaceRecoveryCodes("user-2", {"a"}, kNow));
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-1"), 3);
  EXPECT_TRUE(*store().mfa().UseRecoveryCode("user-1", "b", kNow + 1));
  EXPECT_FALSE(*store().mfa().UseRecoveryCode("user-1", "b", kNow + 2));
  EXPECT_FALSE(*store().mfa().UseRecoveryCode("user-1", "zzz", kNow + 2));
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-1"), 2);
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-2"), 1);  // per user
  ASSERT_OK(store().mfa().ReplaceRecoveryCodes("user-1", {"d", "e"}, kNow + 3));
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-1"), 2);
  EXPECT_FALSE(*store().mfa().UseRecoveryCode("user-1", "a", kNow + 4));
  EXPECT_TRUE(*store().mfa().UseRecoveryCode("user-1", "d", kNow + 4));
  EXPECT_ERROR(store().mfa().ReplaceRecoveryCodes("nobody", {"x"}, kNow), ErrorCode::kNotFound,
               "user");
}

TEST_P(StoreConformanceTest, MfaDisableRemovesFactorAndCodes) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  ASSERT_OK(store().mfa().Enable("user-1", "p", 1, kNow));
  ASSERT_OK(store().mfa().ReplaceRecoveryCodes("user-1", {"a", "b"}, kNow));
  ASSERT_OK(store().mfa().Disable("user-1"));
  EXPECT_ERROR(store().mfa().Find("user-1"), ErrorCode::kNotFound, "mfa");
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-1"), 0);
  EXPECT_FALSE(store().users().FindById("user-1")->mfa_enabled);
  ASSERT_OK(store().mfa().Disable("user-1"));  // idempotent
}

TEST_P(StoreConformanceTest, MfaEnableInsideAFailedTransactionLeavesNothing) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  Status status = store().Transact([](core::Repositories& repos) -> Status {
    if (auto s = repos.mfa().Enable("user-1", "p", 1, kNow); !s) return s.error();
    if (auto s = repos.mfa().ReplaceRecoveryCodes("user-1", {"a"}, kNow); !s) return s;
    return MakeError(ErrorCode::kForbidden, "no");
  });
  EXPECT_ERROR(status, ErrorCode::kForbidden, "no");
  EXPECT_FALSE(store().mfa().Find("user-1")->enabled);
  EXPECT_FALSE(store().users().FindById("user-1")->mfa_enabled);
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-1"), 0);
}

TEST_P(StoreConformanceTest, MfaTicketsCountAttemptsAreUsedOnceAndPurged) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  core::MfaTicket ticket;
  ticket.hash = "t1";
  ticket.user_id = "user-1";
  ticket.created_at = kNow;
  ticket.expires_at = kNow + 300;
  ASSERT_OK(store().mfa().CreateTicket(ticket));
  auto dup = store().mfa().CreateTicket(ticket);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  core::MfaTicket orphan = ticket;
  orphan.hash = "t2";
  orphan.user_id = "nobody";
  EXPECT_ERROR(store().mfa().CreateTicket(orphan), ErrorCode::kNotFound, "user");

  auto found = store().mfa().FindTicket("t1");
  ASSERT_OK(found);
  EXPECT_EQ(found->user_id, "user-1");
  EXPECT_EQ(found->expires_at, kNow + 300);
  EXPECT_EQ(found->attempts, 0);
  EXPECT_FALSE(found->used_at.has_value());
  EXPECT_EQ(*store().mfa().ReserveTicketAttempt("t1", kNow, 2), "user-1");
  EXPECT_EQ(store().mfa().FindTicket("t1")->attempts, 1);
  EXPECT_EQ(*store().mfa().ReserveTicketAttempt("t1", kNow + 299, 2), "user-1");
  EXPECT_ERROR(store().mfa().ReserveTicketAttempt("t1", kNow, 2), ErrorCode::kNotFound, "ticket");
  EXPECT_EQ(store().mfa().FindTicket("t1")->attempts, 2);  // a refused reservation takes nothing
  EXPECT_ERROR(store().mfa().ReserveTicketAttempt("t1", kNow + 300, 5), ErrorCode::kNotFound,
               "ticket");  // expired
  EXPECT_ERROR(store().mfa().ReserveTicketAttempt("zz", kNow, 5), ErrorCode::kNotFound, "ticket");
  EXPECT_TRUE(*store().mfa().UseTicket("t1", kNow + 5));
  EXPECT_ERROR(store().mfa().ReserveTicketAttempt("t1", kNow, 5), ErrorCode::kNotFound,
               "ticket");  // used
  EXPECT_FALSE(*store().mfa().UseTicket("t1", kNow + 6));
  EXPECT_FALSE(*store().mfa().UseTicket("zz", kNow + 6));
  EXPECT_EQ(store().mfa().FindTicket("t1")->used_at, kNow + 5);
  EXPECT_EQ(store().mfa().FindTicket("t1")->attempts, 2);

  ASSERT_OK(store().mfa().PurgeTickets(kNow + 300));  // expires_at == before: kept
  EXPECT_TRUE(store().mfa().FindTicket("t1").ok());
  ASSERT_OK(store().mfa().PurgeTickets(kNow + 301));
  EXPECT_ERROR(store().mfa().FindTicket("t1"), ErrorCode::kNotFound, "ticket");
}

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
    ASSERT_OK(store().security_events().Append(event));
  }
  core::SecurityEvent dup;
  dup.id = "e1";
  dup.user_id = "user-1";
  auto conflict = store().security_events().Append(dup);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  auto events = store().security_events().ListForUser("user-1", 3);
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
  EXPECT_EQ(store().security_events().ListForUser("user-2", 10)->size(), 1u);
}

TEST_P(StoreConformanceTest, ConcurrentClaimsOfOneStepHaveExactlyOneWinner) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  ASSERT_OK(store().mfa().Enable("user-1", "p", 1, kNow));
  ASSERT_OK(store().mfa().ReplaceRecoveryCodes("user-1", {"a"}, kNow));
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> step_wins = 0;
  std::atomic<int> code_wins = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      if (auto won = store().mfa().ClaimStep("user-1", 2); won.ok() && *won) ++step_wins;
      if (auto won = store().mfa().UseRecoveryCode("user-1", "a", kNow); won.ok() && *won) {
        ++code_wins;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(step_wins.load(), 1);
  EXPECT_EQ(code_wins.load(), 1);
}

TEST_P(StoreConformanceTest, ConcurrentEnablesHaveExactlyOneWinner) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> wins = 0;
  std::atomic<int> errors = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string code(1, static_cast<char>('a' + t));
      start.arrive_and_wait();
      // Like MfaService::ConfirmSetup: enable and store codes in one transaction, lose cleanly.
      Status s = store().Transact([&](core::Repositories& repos) -> Status {
        auto enabled = repos.mfa().Enable("user-1", "p", t, kNow);
        if (!enabled) return enabled.error();
        if (!*enabled) return MakeError(ErrorCode::kConflict, "lost");
        return repos.mfa().ReplaceRecoveryCodes("user-1", {code}, kNow);
      });
      if (s.ok()) {
        ++wins;
      } else if (s.error().code != ErrorCode::kConflict) {
        ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(errors.load(), 0);
  // Only the winner's recovery code exists, and its step is the factor's.
  EXPECT_EQ(*store().mfa().CountUnusedRecoveryCodes("user-1"), 1);
  const int64_t step = store().mfa().Find("user-1")->last_used_step;
  const std::string winner(1, static_cast<char>('a' + step));
  EXPECT_TRUE(*store().mfa().UseRecoveryCode("user-1", winner, kNow));
}

TEST_P(StoreConformanceTest, ConcurrentFailuresAreAllCounted) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  std::latch start(kThreads);
  std::atomic<int> errors = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        if (!store().mfa().RecordFailure("user-1", kNow + t, 1000, 900).ok()) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(store().mfa().Find("user-1")->failures, kThreads * kEach);
  EXPECT_EQ(store().mfa().Find("user-1")->locked_until, 0);
}

TEST_P(StoreConformanceTest, ConcurrentFailuresLockExactlyAtTheThreshold) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  ASSERT_OK(store().mfa().SavePending("user-1", "p", kNow));
  constexpr int kThreads = 25;
  std::latch start(kThreads);
  std::atomic<int> locks = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto throttle = store().mfa().RecordFailure("user-1", kNow, 10, 900);
      if (throttle.ok() && throttle->failures == 0) ++locks;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(locks.load(), 2);  // the 10th and the 20th
  auto state = store().mfa().Find("user-1");
  ASSERT_OK(state);
  EXPECT_EQ(state->failures, 5);
  EXPECT_EQ(state->locked_until, kNow + 900);
}

TEST_P(StoreConformanceTest, ConcurrentTicketAttemptsNeverExceedTheMaximum) {
  ASSERT_OK(store().users().Create(MakeUser("1")));
  core::MfaTicket ticket;
  ticket.hash = "t1";
  ticket.user_id = "user-1";
  ticket.created_at = kNow;
  ticket.expires_at = kNow + 300;
  ASSERT_OK(store().mfa().CreateTicket(ticket));
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> reserved = 0;
  std::atomic<int> used = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      if (store().mfa().ReserveTicketAttempt("t1", kNow, 5).ok()) ++reserved;
      if (auto won = store().mfa().UseTicket("t1", kNow); won.ok() && *won) ++used;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(reserved.load(), 5);
  EXPECT_GE(reserved.load(), 1);
  EXPECT_EQ(used.load(), 1);
  EXPECT_LE(store().mfa().FindTicket("t1")->attempts, 5);

  // Without redeems, exactly the maximum is handed out.
  ticket.hash = "t2";
  ASSERT_OK(store().mfa().CreateTicket(ticket));
  std::latch again(kThreads);
  std::atomic<int> second = 0;
  threads.clear();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      again.arrive_and_wait();
      if (store().mfa().ReserveTicketAttempt("t2", kNow, 5).ok()) ++second;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(second.load(), 5);
  EXPECT_EQ(store().mfa().FindTicket("t2")->attempts, 5);
}

}  // namespace
}  // namespace portcullis::store::conformance
