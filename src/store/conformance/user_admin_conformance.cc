// UserRepository conformance for the admin API: disabling an account, setting its verification,
// and searching accounts a page at a time by a prefix of their email, username or id.
// Every backend instantiates StoreConformanceTest; each test owns a store.
#include <optional>
#include <string>
#include <vector>

#include "common/status_macros.h"
#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::User;
using core::UserSearch;

TEST_P(StoreConformanceTest, DisabledAtRoundTripsThroughCreateAndEveryLookup) {
  User user = MakeUser("1");
  user.disabled_at = kNow - 7;
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  auto by_id = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(by_id);
  ExpectSameUser(*by_id, user);
  auto by_email = Read([&](auto& r) { return r.users().FindByEmail(user.email); });
  ASSERT_OK(by_email);
  EXPECT_EQ(by_email->disabled_at, kNow - 7);
  auto by_username = Read([&](auto& r) { return r.users().FindByUsername(*user.username); });
  ASSERT_OK(by_username);
  EXPECT_EQ(by_username->disabled_at, kNow - 7);
}

TEST_P(StoreConformanceTest, SetDisabledDisablesAndEnablesTheAccountAndNothingElse) {
  const User user = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.users().Create(user));
    return r.users().Create(MakeUser("2"));
  }));
  ASSERT_OK(Read([&](auto& r) { return r.users().FindById(user.id); }));  // a cache may keep it
  ASSERT_OK(Write([&](auto& r) { return r.users().SetDisabled(user.id, kNow + 5, kNow + 6); }));
  User want = user;
  want.disabled_at = kNow + 5;
  want.updated_at = kNow + 6;
  auto found = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(found);
  ExpectSameUser(*found, want);
  EXPECT_EQ(Read([&](auto& r) { return r.users().FindById("user-2"); })->disabled_at, 0);

  ASSERT_OK(Write([&](auto& r) { return r.users().SetDisabled(user.id, 0, kNow + 9); }));
  found = Read([&](auto& r) { return r.users().FindByEmail(user.email); });
  ASSERT_OK(found);
  EXPECT_EQ(found->disabled_at, 0);
  EXPECT_EQ(found->updated_at, kNow + 9);
  EXPECT_ERROR(Write([&](auto& r) { return r.users().SetDisabled("nope", kNow, kNow); }),
               ErrorCode::kNotFound, "user");
}

TEST_P(StoreConformanceTest, SetEmailVerifiedSetsAndClearsTheVerification) {
  const User user = MakeUser("1");
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(user); }));
  ASSERT_OK(Read([&](auto& r) { return r.users().FindById(user.id); }));  // a cache may keep it
  ASSERT_OK(
      Write([&](auto& r) { return r.users().SetEmailVerified(user.id, kNow + 3, kNow + 4); }));
  User want = user;
  want.email_verified_at = kNow + 3;
  want.updated_at = kNow + 4;
  auto found = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(found);
  ExpectSameUser(*found, want);
  ASSERT_OK(Write([&](auto& r) { return r.users().SetEmailVerified(user.id, 0, kNow + 5); }));
  found = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->email_verified_at, 0);
  EXPECT_EQ(found->updated_at, kNow + 5);
  EXPECT_ERROR(Write([&](auto& r) { return r.users().SetEmailVerified("nope", kNow, kNow); }),
               ErrorCode::kNotFound, "user");
}

// Five accounts whose emails, usernames and ids share prefixes, some with LIKE's wildcards.
void SeedSearch(core::Store& store) {
  struct Row {
    std::string id;
    std::string email;
    std::optional<std::string> username;
  };
  const std::vector<Row> rows = {{"a1", "alice@example.com", "al_ice"},
                                 {"a2", "bob@example.com", "bobby"},
                                 {"b1", "al%x@example.com", std::nullopt},
                                 {"b2", "carol@example.com", "alx"},
                                 {"c1", "dave@example.com", "zed\\"}};
  ASSERT_TRUE(store
                  .Write([&](core::Repositories& r) -> Status {
                    for (const Row& row : rows) {
                      User user = MakeUser(row.id);
                      user.id = row.id;
                      user.email = row.email;
                      user.username = row.username;
                      RETURN_IF_ERROR(r.users().Create(user));
                    }
                    return Status::Ok();
                  })
                  .ok());
}

std::vector<std::string> SearchIds(core::Store& store, const std::string& prefix,
                                   const std::string& after_id = "", int64_t limit = 50) {
  auto found = store.ReadValue([&](core::Repositories& r) {
    return r.users().Search(UserSearch{prefix, after_id, limit});
  });
  EXPECT_TRUE(found.ok()) << prefix;
  std::vector<std::string> ids;
  if (found.ok()) {
    for (const User& user : *found) ids.push_back(user.id);
  }
  return ids;
}

using Ids = std::vector<std::string>;

TEST_P(StoreConformanceTest, SearchMatchesThePrefixOfTheEmailUsernameOrIdInIdOrder) {
  SeedSearch(store());
  EXPECT_EQ(SearchIds(store(), "al"), (Ids{"a1", "b1", "b2"}));
  EXPECT_EQ(SearchIds(store(), "a"), (Ids{"a1", "a2", "b1", "b2"}));
  EXPECT_EQ(SearchIds(store(), "b"), (Ids{"a2", "b1", "b2"}));
  EXPECT_EQ(SearchIds(store(), "bobby"), (Ids{"a2"}));
  EXPECT_EQ(SearchIds(store(), "c1"), (Ids{"c1"}));
  EXPECT_EQ(SearchIds(store(), "example"), Ids{});  // a prefix, not a substring
  EXPECT_EQ(SearchIds(store(), "x"), Ids{});
  EXPECT_EQ(SearchIds(store(), ""), (Ids{"a1", "a2", "b1", "b2", "c1"}));
  auto full = Read([&](auto& r) { return r.users().Search(UserSearch{"carol", "", 10}); });
  ASSERT_OK(full);
  ASSERT_EQ(full->size(), 1u);
  EXPECT_EQ(full->front().email, "carol@example.com");
  EXPECT_EQ(full->front().username, "alx");
}

TEST_P(StoreConformanceTest, SearchTakesLikeWildcardsLiterally) {
  SeedSearch(store());
  EXPECT_EQ(SearchIds(store(), "al%"), (Ids{"b1"}));
  EXPECT_EQ(SearchIds(store(), "al_"), (Ids{"a1"}));
  EXPECT_EQ(SearchIds(store(), "%"), Ids{});
  EXPECT_EQ(SearchIds(store(), "_"), Ids{});
  EXPECT_EQ(SearchIds(store(), "zed\\"), (Ids{"c1"}));
  EXPECT_EQ(SearchIds(store(), "\\"), Ids{});
}

TEST_P(StoreConformanceTest, SearchPagesByIdAfterTheCursorUpToTheLimit) {
  SeedSearch(store());
  EXPECT_EQ(SearchIds(store(), "", "", 2), (Ids{"a1", "a2"}));
  EXPECT_EQ(SearchIds(store(), "", "a2", 2), (Ids{"b1", "b2"}));
  EXPECT_EQ(SearchIds(store(), "", "b2", 2), (Ids{"c1"}));
  EXPECT_EQ(SearchIds(store(), "", "c1", 2), Ids{});
  EXPECT_EQ(SearchIds(store(), "a", "a1", 2), (Ids{"a2", "b1"}));
  EXPECT_EQ(SearchIds(store(), "a", "b", 2), (Ids{"b1", "b2"}));  // the cursor need not exist
  // A registration behind the cursor does not shift the next page.
  User late = MakeUser("late");
  late.id = "a0";
  late.email = "aaron@example.com";
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(late); }));
  EXPECT_EQ(SearchIds(store(), "a", "a2", 2), (Ids{"b1", "b2"}));
  EXPECT_EQ(SearchIds(store(), "a", "", 1), (Ids{"a0"}));
}

}  // namespace
}  // namespace portcullis::store::conformance
