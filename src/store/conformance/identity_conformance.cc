// IdentityRepository conformance: linked identities (provider, subject) → user — inserted once per
// (provider, subject), found, listed oldest first, deleted by their own user, their logins
// recorded, gone with their user — and accounts without a password, as single sign-on creates them.
// Every backend instantiates StoreConformanceTest; each test owns a store.
#include <string>
#include <vector>

#include "core/linked_identity.h"
#include "store/conformance/conformance_values.h"
#include "store/conformance/store_conformance.h"

namespace portcullis::store::conformance {
namespace {

using core::LinkedIdentity;

// Identity `id` of `user_id` at `provider` with `subject`, linked at `created_at`, never used.
LinkedIdentity MakeIdentity(const std::string& id, const std::string& user_id,
                            const std::string& provider, const std::string& subject,
                            int64_t created_at = kNow) {
  LinkedIdentity identity;
  identity.id = id;
  identity.user_id = user_id;
  identity.provider = provider;
  identity.subject = subject;
  identity.email = "linked-" + id + "@example.com";
  identity.created_at = created_at;
  return identity;
}

void ExpectSameIdentity(const LinkedIdentity& a, const LinkedIdentity& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(a.provider, b.provider);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.last_login_at, b.last_login_at);
}

// Users 1 and 2.
void SeedUsers(core::Store& store) {
  ASSERT_TRUE(store
                  .Write([&](core::Repositories& r) -> Status {
                    RETURN_IF_ERROR(r.users().Create(MakeUser("1")));
                    return r.users().Create(MakeUser("2"));
                  })
                  .ok());
}

TEST_P(StoreConformanceTest, IdentityIsInsertedAndFoundByProviderAndSubject) {
  SeedUsers(store());
  LinkedIdentity identity = MakeIdentity("i1", "user-1", "google", "1098765432109876543210");
  identity.email = "Dörte.Ünal@example.com";
  ASSERT_OK(Write([&](auto& r) { return r.identities().Insert(identity); }));
  LinkedIdentity quiet = MakeIdentity("i2", "user-2", "github", "583231");
  quiet.email = "";  // a provider that asserted no address
  ASSERT_OK(Write([&](auto& r) { return r.identities().Insert(quiet); }));

  auto found =
      Read([&](auto& r) { return r.identities().FindBySubject("google", identity.subject); });
  ASSERT_OK(found);
  ExpectSameIdentity(*found, identity);
  found = Read([&](auto& r) { return r.identities().FindBySubject("github", "583231"); });
  ASSERT_OK(found);
  ExpectSameIdentity(*found, quiet);
}

TEST_P(StoreConformanceTest, FindBySubjectIsExactAndAnUnknownOneIsNotFound) {
  SeedUsers(store());
  ASSERT_OK(Write(
      [&](auto& r) { return r.identities().Insert(MakeIdentity("i1", "user-1", "corp", "AbC")); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("corp", "nobody"); }),
               ErrorCode::kNotFound, "identity");
  // Subjects are case-sensitive; the provider must match too.
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("corp", "abc"); }),
               ErrorCode::kNotFound, "identity");
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("Corp", "AbC"); }),
               ErrorCode::kNotFound, "identity");
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("google", "AbC"); }),
               ErrorCode::kNotFound, "identity");
}

TEST_P(StoreConformanceTest, IdentityInsertConflictsOnATakenIdOrALinkedSubject) {
  SeedUsers(store());
  ASSERT_OK(Write([&](auto& r) {
    return r.identities().Insert(MakeIdentity("i1", "user-1", "google", "s1"));
  }));
  // The same id, whatever it names.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.identities().Insert(MakeIdentity("i1", "user-2", "github", "s9"));
               }),
               ErrorCode::kConflict, "identity");
  // The same (provider, subject), for the same account or another one.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.identities().Insert(MakeIdentity("i2", "user-1", "google", "s1"));
               }),
               ErrorCode::kConflict, "identity");
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.identities().Insert(MakeIdentity("i3", "user-2", "google", "s1"));
               }),
               ErrorCode::kConflict, "identity");
  // An unknown account.
  EXPECT_ERROR(Write([&](auto& r) {
                 return r.identities().Insert(MakeIdentity("i4", "nobody", "google", "s4"));
               }),
               ErrorCode::kNotFound, "user");
  auto kept = Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); });
  ASSERT_OK(kept);
  EXPECT_EQ(kept->id, "i1");
  EXPECT_EQ(kept->user_id, "user-1");
  for (const char* user : {"user-1", "user-2", "nobody"}) {
    auto listed = Read([&](auto& r) { return r.identities().ListForUser(user); });
    ASSERT_OK(listed);
    EXPECT_EQ(Ids(*listed), std::string(user) == "user-1" ? std::vector<std::string>{"i1"}
                                                          : std::vector<std::string>{})
        << user;
  }
}

TEST_P(StoreConformanceTest, ARefusedIdentityInsertChangesNothingAndTheRestOfItsWriteCommits) {
  SeedUsers(store());
  ASSERT_OK(Write([&](auto& r) {
    return r.identities().Insert(MakeIdentity("i1", "user-1", "google", "s1"));
  }));
  // Two callbacks racing to link one subject: the loser finds the winner's row in its own Write.
  ASSERT_OK(store().Write([&](core::Repositories& r) -> Status {
    const Status taken = r.identities().Insert(MakeIdentity("i2", "user-2", "google", "s1"));
    if (taken.ok()) return MakeError(ErrorCode::kInternal, "a linked subject was accepted");
    ASSIGN_OR_RETURN(LinkedIdentity winner, r.identities().FindBySubject("google", "s1"));
    if (winner.id != "i1") return MakeError(ErrorCode::kInternal, "the winner's row is gone");
    const Status orphan = r.identities().Insert(MakeIdentity("i3", "nobody", "google", "s3"));
    if (orphan.ok()) return MakeError(ErrorCode::kInternal, "an orphan was accepted");
    return r.identities().Insert(MakeIdentity("i4", "user-2", "github", "s4"));
  }));
  auto listed = Read([&](auto& r) { return r.identities().ListForUser("user-2"); });
  ASSERT_OK(listed);
  EXPECT_EQ(Ids(*listed), (std::vector<std::string>{"i4"}));
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("google", "s3"); }),
               ErrorCode::kNotFound, "identity");
}

TEST_P(StoreConformanceTest, AUserHasSeveralIdentitiesListedOldestFirst) {
  SeedUsers(store());
  const std::vector<LinkedIdentity> rows = {
      MakeIdentity("i5", "user-1", "google", "g-work", kNow + 5),
      MakeIdentity("i2", "user-1", "github", "42", kNow + 2),
      // Two accounts at one provider (a personal and a work Google account), both linked here.
      MakeIdentity("i3", "user-1", "google", "g-home", kNow + 2),
      MakeIdentity("i1", "user-1", "corp", "u-1", kNow + 9),
      // The same subject at another provider is another identity, of any account.
      MakeIdentity("i4", "user-2", "microsoft", "g-work", kNow),
      MakeIdentity("i6", "user-2", "corp", "42", kNow + 1),
  };
  for (const auto& row : rows) {
    ASSERT_OK(Write([&](auto& r) { return r.identities().Insert(row); }));
  }
  auto mine = Read([&](auto& r) { return r.identities().ListForUser("user-1"); });
  ASSERT_OK(mine);
  EXPECT_EQ(Ids(*mine), (std::vector<std::string>{"i2", "i3", "i5", "i1"}));  // same time: id order
  ASSERT_EQ(mine->size(), 4u);
  ExpectSameIdentity((*mine)[1], rows[2]);
  auto theirs = Read([&](auto& r) { return r.identities().ListForUser("user-2"); });
  ASSERT_OK(theirs);
  EXPECT_EQ(Ids(*theirs), (std::vector<std::string>{"i4", "i6"}));
  auto none = Read([&](auto& r) { return r.identities().ListForUser("nobody"); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  auto work = Read([&](auto& r) { return r.identities().FindBySubject("microsoft", "g-work"); });
  ASSERT_OK(work);
  EXPECT_EQ(work->user_id, "user-2");
}

TEST_P(StoreConformanceTest, AnIdentityIsDeletedOnlyByItsOwnUser) {
  SeedUsers(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.identities().Insert(MakeIdentity("i1", "user-1", "google", "s1")));
    RETURN_IF_ERROR(r.identities().Insert(MakeIdentity("i2", "user-1", "github", "s2")));
    return r.identities().Insert(MakeIdentity("i3", "user-2", "google", "s3"));
  }));
  EXPECT_ERROR(Write([&](auto& r) { return r.identities().Delete("user-2", "i1"); }),
               ErrorCode::kNotFound, "identity");
  EXPECT_ERROR(Write([&](auto& r) { return r.identities().Delete("user-1", "nope"); }),
               ErrorCode::kNotFound, "identity");
  ASSERT_OK(Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); }));

  ASSERT_OK(Write([&](auto& r) { return r.identities().Delete("user-1", "i1"); }));
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); }),
               ErrorCode::kNotFound, "identity");
  EXPECT_ERROR(Write([&](auto& r) { return r.identities().Delete("user-1", "i1"); }),
               ErrorCode::kNotFound, "identity");
  auto listed = Read([&](auto& r) { return r.identities().ListForUser("user-1"); });
  ASSERT_OK(listed);
  EXPECT_EQ(Ids(*listed), (std::vector<std::string>{"i2"}));
  listed = Read([&](auto& r) { return r.identities().ListForUser("user-2"); });
  ASSERT_OK(listed);
  EXPECT_EQ(Ids(*listed), (std::vector<std::string>{"i3"}));
  // The subject (and the id) may be linked again, to any account.
  ASSERT_OK(Write([&](auto& r) {
    return r.identities().Insert(MakeIdentity("i1", "user-2", "google", "s1"));
  }));
  auto relinked = Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); });
  ASSERT_OK(relinked);
  EXPECT_EQ(relinked->user_id, "user-2");
}

TEST_P(StoreConformanceTest, RecordLoginSetsTheLastLoginOfThatIdentityOnly) {
  SeedUsers(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.identities().Insert(MakeIdentity("i1", "user-1", "google", "s1")));
    return r.identities().Insert(MakeIdentity("i2", "user-1", "github", "s2"));
  }));
  ASSERT_OK(Write([&](auto& r) { return r.identities().RecordLogin("i1", kNow + 30); }));
  auto found = Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); });
  ASSERT_OK(found);
  LinkedIdentity want = MakeIdentity("i1", "user-1", "google", "s1");
  want.last_login_at = kNow + 30;
  ExpectSameIdentity(*found, want);
  ASSERT_OK(Write([&](auto& r) { return r.identities().RecordLogin("i1", kNow + 60); }));
  auto listed = Read([&](auto& r) { return r.identities().ListForUser("user-1"); });
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].last_login_at, kNow + 60);
  EXPECT_EQ((*listed)[1].last_login_at, 0);
  EXPECT_ERROR(Write([&](auto& r) { return r.identities().RecordLogin("nope", kNow); }),
               ErrorCode::kNotFound, "identity");
}

TEST_P(StoreConformanceTest, DeletingAUserDeletesItsIdentitiesOnly) {
  SeedUsers(store());
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.identities().Insert(MakeIdentity("i1", "user-1", "google", "s1")));
    RETURN_IF_ERROR(r.identities().Insert(MakeIdentity("i2", "user-1", "github", "s2")));
    return r.identities().Insert(MakeIdentity("i3", "user-2", "google", "s3"));
  }));
  ASSERT_OK(Write([&](auto& r) { return r.users().Delete("user-1"); }));
  auto listed = Read([&](auto& r) { return r.identities().ListForUser("user-1"); });
  ASSERT_OK(listed);
  EXPECT_TRUE(listed->empty());
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); }),
               ErrorCode::kNotFound, "identity");
  EXPECT_ERROR(Write([&](auto& r) { return r.identities().RecordLogin("i2", kNow); }),
               ErrorCode::kNotFound, "identity");
  auto kept = Read([&](auto& r) { return r.identities().FindBySubject("google", "s3"); });
  ASSERT_OK(kept);
  EXPECT_EQ(kept->user_id, "user-2");
  // The subjects are free for a new account.
  ASSERT_OK(Write([&](auto& r) { return r.users().Create(MakeUser("3")); }));
  ASSERT_OK(Write([&](auto& r) {
    return r.identities().Insert(MakeIdentity("i1", "user-3", "google", "s1"));
  }));
}

TEST_P(StoreConformanceTest, AFailedWriteLeavesNoIdentityChangeBehind) {
  SeedUsers(store());
  ASSERT_OK(Write([&](auto& r) {
    return r.identities().Insert(MakeIdentity("i1", "user-1", "google", "s1"));
  }));
  const Status failed = store().Write([&](core::Repositories& r) -> Status {
    RETURN_IF_ERROR(r.identities().Insert(MakeIdentity("i2", "user-1", "github", "s2")));
    RETURN_IF_ERROR(r.identities().RecordLogin("i1", kNow + 5));
    RETURN_IF_ERROR(r.identities().Delete("user-1", "i1"));
    return MakeError(ErrorCode::kConflict, "changed its mind");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("github", "s2"); }),
               ErrorCode::kNotFound, "identity");
  auto kept = Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); });
  ASSERT_OK(kept);
  ExpectSameIdentity(*kept, MakeIdentity("i1", "user-1", "google", "s1"));

  // A new account and its first identity in one Write that fails: neither is left.
  const Status signup = store().Write([&](core::Repositories& r) -> Status {
    RETURN_IF_ERROR(r.users().Create(MakeUser("3")));
    RETURN_IF_ERROR(r.identities().Insert(MakeIdentity("i3", "user-3", "corp", "s3")));
    return MakeError(ErrorCode::kConflict, "changed its mind");
  });
  EXPECT_FALSE(signup.ok());
  EXPECT_ERROR(Read([&](auto& r) { return r.users().FindById("user-3"); }), ErrorCode::kNotFound,
               "user");
  EXPECT_ERROR(Read([&](auto& r) { return r.identities().FindBySubject("corp", "s3"); }),
               ErrorCode::kNotFound, "identity");
}

TEST_P(StoreConformanceTest, AnAccountWithoutAPasswordIsStoredWithItsIdentityAndMayGetOneLater) {
  // What single sign-on creates: no password (an empty hash), no username, a verified address.
  core::User user = MakeUser("1");
  user.password_hash.clear();
  user.password_changed_at = 0;
  user.username.reset();
  user.email_verified_at = kNow;
  ASSERT_OK(Write([&](auto& r) -> Status {
    RETURN_IF_ERROR(r.users().Create(user));
    return r.identities().Insert(MakeIdentity("i1", user.id, "google", "s1"));
  }));
  auto linked = Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); });
  ASSERT_OK(linked);
  auto by_id = Read([&](auto& r) { return r.users().FindById(linked->user_id); });
  ASSERT_OK(by_id);
  ExpectSameUser(*by_id, user);
  EXPECT_TRUE(by_id->password_hash.empty());
  auto by_email = Read([&](auto& r) { return r.users().FindByEmail(user.email); });
  ASSERT_OK(by_email);
  ExpectSameUser(*by_email, user);

  // A password reset gives it one; the identity stays.
  ASSERT_OK(
      Write([&](auto& r) { return r.users().UpdatePassword(user.id, "$argon2id$new", kNow + 9); }));
  auto after = Read([&](auto& r) { return r.users().FindById(user.id); });
  ASSERT_OK(after);
  EXPECT_EQ(after->password_hash, "$argon2id$new");
  EXPECT_EQ(after->password_changed_at, kNow + 9);
  ASSERT_OK(Read([&](auto& r) { return r.identities().FindBySubject("google", "s1"); }));
}

}  // namespace
}  // namespace portcullis::store::conformance
