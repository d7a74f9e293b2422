// Tests for identity hygiene through AccountService: one email key for every lookup and
// uniqueness check, NFC passwords with rehash-on-login of raw-form hashes, and the password policy
// on every path that sets a password.
#include <gtest/gtest.h>

#include "core/account_service.h"
#include "core/testing/service_fixture.h"

namespace portcullis::core {
namespace {

using testing::ServiceFixture;

// "café au lait" with the é composed (NFC) and decomposed (NFD).
constexpr char kNfc[] = "caf\u00E9 au lait, twice";
constexpr char kNfd[] = "cafe\u0301 au lait, twice";

class IdentityHygieneTest : public ServiceFixture {
 protected:
  Registration Alice(std::string email, std::string password = "correct horse") {
    Registration r;
    r.email = std::move(email);
    r.password = std::move(password);
    return r;
  }
  Result<IssuedTokens> LoginAs(std::string email, std::string password) {
    return Opened(accounts.Login({std::move(email), "", std::move(password)}, {}));
  }
  std::string StoredHash(const std::string& id) {
    return store.ReadValue([&](Repositories& r) { return r.users().FindById(id); })->password_hash;
  }
};

TEST_F(IdentityHygieneTest, VariantsOfAnAddressAreOneAccount) {
  ASSERT_TRUE(accounts.Register(Alice("alice@example.com"), {}).ok());
  auto fullwidth = accounts.Register(Alice("ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"), {});
  ASSERT_FALSE(fullwidth.ok());
  EXPECT_EQ(fullwidth.error().code, ErrorCode::kConflict);
  EXPECT_EQ(fullwidth.error().reason, Reason::kTaken);
  auto zero_width = accounts.Register(Alice("ali\u200Bce@example.com"), {});
  ASSERT_FALSE(zero_width.ok());
  EXPECT_EQ(zero_width.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(zero_width.error().reason, Reason::kInvisibleCharacter);

  EXPECT_TRUE(LoginAs("ＡＬＩＣＥ@example.com", "correct horse").ok());
  auto invisible = LoginAs("alice\u202E@example.com", "correct horse");
  ASSERT_FALSE(invisible.ok());
  EXPECT_EQ(invisible.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(invisible.error().field, Field::kEmail);
}

TEST_F(IdentityHygieneTest, IdnDomainsAreStoredInTheirAsciiForm) {
  auto issued = accounts.Register(Alice("Bob@Bücher.example"), {});
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->user.email, "bob@xn--bcher-kva.example");
  auto again = accounts.Register(Alice("bob@xn--bcher-kva.example"), {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(LoginAs("bob@bücher.example", "correct horse").ok());
}

TEST_F(IdentityHygieneTest, PasswordsAreHashedInNfcAndBothFormsLogIn) {
  auto issued = accounts.Register(Alice("carol@example.com", kNfd), {});
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(StoredHash(issued->user.id), std::string("hash:") + kNfc);
  EXPECT_TRUE(LoginAs("carol@example.com", kNfc).ok());
  EXPECT_TRUE(LoginAs("carol@example.com", kNfd).ok());
}

TEST_F(IdentityHygieneTest, AHashOfTheRawFormIsReplacedByItsNfcFormAtLogin) {
  User legacy;
  legacy.id = "legacy";
  legacy.email = "dave@example.com";
  legacy.password_hash = std::string("hash:") + kNfd;  // made before passwords were normalised
  ASSERT_TRUE(store.Write([&](Repositories& r) { return r.users().Create(legacy); }).ok());
  const int work_before = hasher.work.load();
  ASSERT_TRUE(LoginAs("dave@example.com", kNfd).ok());
  EXPECT_EQ(hasher.work.load() - work_before, 3);  // NFC fails, the raw form matches, rehash
  EXPECT_EQ(StoredHash("legacy"), std::string("hash:") + kNfc);
  const int work_after = hasher.work.load();
  EXPECT_TRUE(LoginAs("dave@example.com", kNfc).ok());
  EXPECT_EQ(hasher.work.load() - work_after, 1);
}

TEST_F(IdentityHygieneTest, AWrongPasswordInNfdCostsTheSameForUnknownAccounts) {
  ASSERT_TRUE(accounts.Register(Alice("erin@example.com"), {}).ok());
  int before = hasher.work.load();
  EXPECT_FALSE(LoginAs("erin@example.com", kNfd).ok());
  const int known = hasher.work.load() - before;
  before = hasher.work.load();
  EXPECT_FALSE(LoginAs("nobody@example.com", kNfd).ok());
  EXPECT_EQ(hasher.work.load() - before, known);
  EXPECT_EQ(known, 2);
}

TEST_F(IdentityHygieneTest, EveryPathThatSetsAPasswordAppliesThePolicy) {
  auto weak = accounts.Register(Alice("frank@example.com", "password"), {});
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().reason, Reason::kCommonPassword);
  auto created = accounts.CreateUser(Alice("frank@example.com", "aaaaaaaa"));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().reason, Reason::kRepetitive);

  IssuedTokens frank = *accounts.Register(Alice("frank@example.com"), {});
  auto principal = sessions.Authenticate(frank.access_token);
  ASSERT_TRUE(principal.ok());
  auto sequence = accounts.ChangePassword(*principal, "correct horse", "abcdefgh");
  ASSERT_FALSE(sequence.ok());
  EXPECT_EQ(sequence.error().reason, Reason::kSequence);
  EXPECT_EQ(sequence.error().field, Field::kNewPassword);
  ASSERT_TRUE(accounts.ChangePassword(*principal, "correct horse", kNfd).ok());
  EXPECT_EQ(StoredHash(frank.user.id), std::string("hash:") + kNfc);
}

class MinScoreTest : public IdentityHygieneTest {
 protected:
  static AuthPolicy StrictPolicy() {
    AuthPolicy policy = Policy();
    policy.password_min_score = 3;
    return policy;
  }
  SessionService strict_sessions{StrictPolicy(), store,  codec, refresh_tokens,
                                 tokens,         random, clock, revocations};
  AccountService strict{store, hasher, strict_sessions, random, clock};
};

TEST_F(MinScoreTest, AFloorRefusesAGuessablePassword) {
  auto weak = strict.Register(Alice("gina@example.com", "dragon2024"), {});
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.error().reason, Reason::kTooWeak);
  EXPECT_TRUE(strict.Register(Alice("gina@example.com", "correct horse battery staple"), {}).ok());
}

}  // namespace
}  // namespace portcullis::core
