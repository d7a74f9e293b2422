// Tests of the Hasura claims object, the access-token claim builder's use of it, and the roles a
// registration may ask for (HBP's rules), on the memory store. Single-threaded.
#include "core/hasura_claims.h"

#include <gtest/gtest.h>

#include "core/access_claims.h"
#include "core/account_service.h"
#include "core/hasura_json.h"
#include "core/in_process_revocation_list.h"
#include "core/session_service.h"
#include "core/testing/fakes.h"
#include "store/memory/memory_store.h"

namespace portcullis::core {
namespace {

User Ann() {
  User user;
  user.id = "u-1";
  user.email = "ann@example.com";
  return user;
}

// The claims object's members, each value's JSON text.
std::map<std::string, std::string> Members(const std::string& json) {
  auto members = JsonObjectMembers(json);
  EXPECT_TRUE(members) << json;
  std::map<std::string, std::string> out;
  if (members) {
    for (auto& [name, value] : *members) {
      EXPECT_TRUE(out.emplace(name, value).second) << "repeated " << name;
    }
  }
  return out;
}

TEST(HasuraClaimsTest, AUserWithoutRolesGetsTheInstanceDefaults) {
  const HasuraPolicy policy;
  EXPECT_EQ(HasuraClaimsJson(policy, Ann()),
            R"({"x-hasura-user-id":"u-1","x-hasura-default-role":"user",)"
            R"("x-hasura-allowed-roles":["user"]})");
  HasuraPolicy custom;
  custom.default_user_role = "member";
  custom.default_allowed_user_roles = {"me", "reader"};
  auto claims = Members(HasuraClaimsJson(custom, Ann()));
  EXPECT_EQ(claims["x-hasura-default-role"], "\"member\"");
  // The default role is always among the allowed ones.
  EXPECT_EQ(claims["x-hasura-allowed-roles"], R"(["me","reader","member"])");
}

TEST(HasuraClaimsTest, AUsersOwnRolesWin) {
  User user = Ann();
  user.default_role = "editor";
  user.allowed_roles = {"user", "editor"};
  auto claims = Members(HasuraClaimsJson(HasuraPolicy{}, user));
  EXPECT_EQ(claims["x-hasura-default-role"], "\"editor\"");
  EXPECT_EQ(claims["x-hasura-allowed-roles"], R"(["user","editor"])");
  user.allowed_roles = {"user"};
  claims = Members(HasuraClaimsJson(HasuraPolicy{}, user));
  EXPECT_EQ(claims["x-hasura-allowed-roles"], R"(["user","editor"])");
}

TEST(HasuraClaimsTest, RolesAndIdsAreEscaped) {
  User user = Ann();
  user.id = "id\"with\\quote";
  user.default_role = "a\"b";
  user.allowed_roles = {"a\"b", "line\nbreak"};
  auto claims = Members(HasuraClaimsJson(HasuraPolicy{}, user));
  EXPECT_EQ(ParseJsonString(claims["x-hasura-user-id"]), "id\"with\\quote");
  EXPECT_EQ(ParseJsonStringArray(claims["x-hasura-allowed-roles"]),
            (std::vector<std::string>{"a\"b", "line\nbreak"}));
}

TEST(HasuraClaimsTest, CustomFieldsComeFromTheMetadataAsStrings) {
  HasuraPolicy policy;
  policy.jwt_custom_fields = {"company_id", "orgs", "age", "flags", "missing", "quote", "nickName"};
  User user = Ann();
  user.metadata_json =
      R"({"company_id": "c-9", "orgs": ["a", "b"], "age": 42, "flags": {"x": true},)"
      R"( "quote": "say \"hi\"", "nickName": null, "other": "not copied"})";
  auto claims = Members(HasuraClaimsJson(policy, user));
  EXPECT_EQ(claims["x-hasura-company-id"], "\"c-9\"");
  EXPECT_EQ(claims["x-hasura-orgs"], R"("{\"a\",\"b\"}")");  // a PostgreSQL array, as HBP did
  EXPECT_EQ(claims["x-hasura-age"], "\"42\"");
  EXPECT_EQ(ParseJsonString(claims["x-hasura-flags"]), R"({"x": true})");
  EXPECT_EQ(ParseJsonString(claims["x-hasura-quote"]), "say \"hi\"");
  EXPECT_EQ(claims["x-hasura-nick-name"], "\"null\"");
  EXPECT_FALSE(claims.contains("x-hasura-missing"));
  EXPECT_FALSE(claims.contains("x-hasura-other"));
  EXPECT_EQ(claims.size(), 9u);
}

TEST(HasuraClaimsTest, ACustomFieldNeverReplacesTheRoleClaims) {
  HasuraPolicy policy;
  policy.jwt_custom_fields = {"default_role", "user-id"};
  User user = Ann();
  user.metadata_json = R"({"default_role": "admin", "user-id": "someone-else"})";
  auto claims = Members(HasuraClaimsJson(policy, user));
  EXPECT_EQ(claims["x-hasura-default-role"], "\"user\"");
  EXPECT_EQ(claims["x-hasura-user-id"], "\"u-1\"");
  EXPECT_EQ(claims.size(), 3u);
}

TEST(HasuraClaimsTest, MetadataThatIsNotAnObjectAddsNoCustomField) {
  HasuraPolicy policy;
  policy.jwt_custom_fields = {"a"};
  User user = Ann();
  user.metadata_json = R"({"a": )";
  EXPECT_EQ(Members(HasuraClaimsJson(policy, user)).size(), 3u);
}

TEST(HasuraClaimsTest, KebabCaseFollowsHbp) {
  EXPECT_EQ(KebabCase("company_id"), "company-id");
  EXPECT_EQ(KebabCase("companyId"), "company-id");
  EXPECT_EQ(KebabCase("CompanyID"), "company-id");
  EXPECT_EQ(KebabCase("XMLHttpRequest"), "xml-http-request");
  EXPECT_EQ(KebabCase("display name"), "display-name");
  EXPECT_EQ(KebabCase("__a--b__"), "a-b");
  EXPECT_EQ(KebabCase("user2"), "user-2");
  EXPECT_EQ(KebabCase("plain"), "plain");
}

TEST(AccessClaimsHasuraTest, TheTokenCarriesTheObjectOnlyWhenEnabled) {
  AuthPolicy policy;
  Session session;
  session.id = "s-1";
  auto claims = BuildAccessClaims(policy, Ann(), session, std::nullopt, "j", 100);
  EXPECT_TRUE(claims.extra.empty());
  policy.hasura.enabled = true;
  policy.hasura.claims_namespace = "https://example.com/claims";
  claims = BuildAccessClaims(policy, Ann(), session, std::nullopt, "j", 100);
  ASSERT_EQ(claims.extra.size(), 1u);
  EXPECT_EQ(claims.extra[0].first, "https://example.com/claims");
  EXPECT_EQ(claims.extra[0].second, HasuraClaimsJson(policy.hasura, Ann()));
}

TEST(HasuraClaimsTest, ArrayElementsAreEscapedInThePostgresLiteral) {
  HasuraPolicy policy;
  policy.jwt_custom_fields = {"orgs"};
  User user = Ann();
  user.metadata_json = R"({"orgs": ["a\",\"b", "c\\"]})";
  auto claims = Members(HasuraClaimsJson(policy, user));
  // Two elements stay two: `a","b` and `c\`, each quote and backslash escaped.
  EXPECT_EQ(ParseJsonString(claims["x-hasura-orgs"]), R"({"a\",\"b","c\\"})");
}

TEST(CustomFieldGuardTest, AUserMayNotWriteAClaimMember) {
  HasuraPolicy policy;
  policy.jwt_custom_fields = {"org_id"};
  policy.registration_custom_fields = {"org_id"};
  // Self-service updates: setting, changing or removing the member is refused.
  EXPECT_FALSE(CheckCustomFieldsUnchanged(policy, "{}", R"({"org_id": "x"})", false).ok());
  EXPECT_FALSE(
      CheckCustomFieldsUnchanged(policy, R"({"org_id": "a"})", R"({"org_id": "b"})", false).ok());
  EXPECT_FALSE(CheckCustomFieldsUnchanged(policy, R"({"org_id": "a"})", "{}", false).ok());
  // A repeated member: the last one is what the claims read.
  EXPECT_FALSE(CheckCustomFieldsUnchanged(policy, R"({"org_id": "a"})",
                                          R"({"org_id": "a", "org_id": "b"})", false)
                   .ok());
  // Keeping it and changing other members is fine.
  EXPECT_TRUE(CheckCustomFieldsUnchanged(policy, R"({"org_id": "a", "n": 1})",
                                         R"({"org_id": "a", "n": 2})", false)
                  .ok());
  // At registration, registration_custom_fields may set it (HBP's REGISTRATION_CUSTOM_FIELDS).
  EXPECT_TRUE(CheckCustomFieldsUnchanged(policy, "{}", R"({"org_id": "x"})", true).ok());
  policy.registration_custom_fields.clear();
  EXPECT_FALSE(CheckCustomFieldsUnchanged(policy, "{}", R"({"org_id": "x"})", true).ok());
  // Without custom fields nothing is checked.
  EXPECT_TRUE(CheckCustomFieldsUnchanged(HasuraPolicy{}, "{}", R"({"org_id": "x"})", false).ok());
}

TEST(PermittedRolesTest, DefaultsChainAsInHbp) {
  HasuraPolicy policy;
  EXPECT_EQ(DefaultAllowedRoles(policy), std::vector<std::string>{"user"});
  EXPECT_EQ(PermittedRoles(policy), std::vector<std::string>{"user"});
  policy.default_user_role = "member";
  EXPECT_EQ(PermittedRoles(policy), std::vector<std::string>{"member"});
  policy.default_allowed_user_roles = {"member", "me"};
  EXPECT_EQ(PermittedRoles(policy), (std::vector<std::string>{"member", "me"}));
  policy.allowed_user_roles = {"member", "me", "editor"};
  EXPECT_EQ(DefaultAllowedRoles(policy), (std::vector<std::string>{"member", "me"}));
  EXPECT_EQ(PermittedRoles(policy), (std::vector<std::string>{"member", "me", "editor"}));
}

// AccountService::Register over the memory store, with HBP's test configuration:
// DEFAULT_ALLOWED_USER_ROLES = ALLOWED_USER_ROLES = user,me,editor.
class RegistrationRolesTest : public ::testing::Test {
 protected:
  static AuthPolicy Policy() {
    AuthPolicy policy;
    policy.hasura.default_allowed_user_roles = {"user", "me"};
    policy.hasura.allowed_user_roles = {"user", "me", "editor"};
    return policy;
  }

  Result<IssuedTokens> Register(std::optional<std::string> default_role,
                                std::optional<std::vector<std::string>> allowed_roles) {
    Registration r;
    r.email = "user" + std::to_string(++registered_) + "@example.com";
    r.password = "correct horse";
    r.default_role = std::move(default_role);
    r.allowed_roles = std::move(allowed_roles);
    return accounts.Register(r, {"127.0.0.1", "test"});
  }

  User Stored(const std::string& id) {
    return store.ReadValue([&](Repositories& r) { return r.users().FindById(id); }).value();
  }

  int64_t Users() {
    return store.ReadValue([&](Repositories& r) { return r.users().Count(); }).value();
  }

  int registered_ = 0;
  FakeClock clock;
  testing::CountingRandom random;
  testing::FakeHasher hasher;
  testing::FakeOpaqueTokens tokens;
  testing::FakeAccessTokenCodec codec;
  testing::FakeRefreshTokens refresh_tokens;
  store::memory::MemoryStore store;
  InProcessRevocationList revocations;
  SessionService sessions{Policy(), store,  codec, refresh_tokens,
                          tokens,   random, clock, revocations};
  AccountService accounts{store, hasher, sessions, random, clock};
};

TEST_F(RegistrationRolesTest, NeitherRegistrationNorAProfileUpdateWritesAClaimMember) {
  // Policy() names no custom field; this test's service does.
  AuthPolicy policy = Policy();
  policy.hasura.jwt_custom_fields = {"org_id"};
  SessionService guarded{policy, store, codec, refresh_tokens, tokens, random, clock, revocations};
  AccountService service{store, hasher, guarded, random, clock};
  Registration r;
  r.email = "guarded@example.com";
  r.password = "correct horse";
  r.metadata_json = R"({"org_id": "victim"})";
  auto refused = service.Register(r, {"127.0.0.1", "test"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(Users(), 0);
  r.metadata_json = R"({"nick": "ann"})";
  auto issued = service.Register(r, {"127.0.0.1", "test"});
  ASSERT_TRUE(issued.ok());
  ProfilePatch patch;
  patch.metadata_json = R"({"nick": "ann", "org_id": "victim"})";
  auto updated = service.UpdateProfile(issued->user.id, patch);
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(Stored(issued->user.id).metadata_json, R"({"nick": "ann"})");
  patch.metadata_json = R"({"nick": "bob"})";
  EXPECT_TRUE(service.UpdateProfile(issued->user.id, patch).ok());
}

TEST_F(RegistrationRolesTest, NoRolesAskedKeepsTheInstanceDefaults) {
  auto issued = Register(std::nullopt, std::nullopt);
  ASSERT_TRUE(issued.ok());
  const User user = Stored(issued->user.id);
  EXPECT_EQ(user.default_role, "");
  EXPECT_TRUE(user.allowed_roles.empty());
}

TEST_F(RegistrationRolesTest, AllowedRolesWithinTheInstancesAreStored) {
  auto issued = Register("editor", std::vector<std::string>{"user", "editor", "editor"});
  ASSERT_TRUE(issued.ok()) << issued.error().detail;
  const User user = Stored(issued->user.id);
  EXPECT_EQ(user.default_role, "editor");
  EXPECT_EQ(user.allowed_roles, (std::vector<std::string>{"user", "editor"}));
}

TEST_F(RegistrationRolesTest, OnlyADefaultRoleIsCheckedAgainstTheDefaultAllowedRoles) {
  auto issued = Register("me", std::nullopt);
  ASSERT_TRUE(issued.ok());
  const User user = Stored(issued->user.id);
  EXPECT_EQ(user.default_role, "me");
  EXPECT_EQ(user.allowed_roles, (std::vector<std::string>{"user", "me"}));
  // editor is permitted but not among the default allowed roles, which apply here.
  auto refused = Register("editor", std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.error().field, Field::kDefaultRole);
}

TEST_F(RegistrationRolesTest, OnlyAllowedRolesTakeTheInstancesDefaultRole) {
  auto issued = Register(std::nullopt, std::vector<std::string>{"user", "editor"});
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(Stored(issued->user.id).default_role, "user");
  // The instance's default role must then be among them (HBP's rule).
  auto refused = Register(std::nullopt, std::vector<std::string>{"editor"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, Field::kDefaultRole);
}

TEST_F(RegistrationRolesTest, ADefaultRoleOutsideTheAllowedRolesIsRefused) {
  auto refused = Register("editor", std::vector<std::string>{"user", "me"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.error().field, Field::kDefaultRole);
  EXPECT_NE(refused.error().detail.find("default_role"), std::string::npos);
  EXPECT_EQ(Users(), 0);
}

TEST_F(RegistrationRolesTest, ARoleTheInstanceDoesNotPermitIsRefused) {
  auto refused = Register("user", std::vector<std::string>{"user", "admin"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(refused.error().field, Field::kAllowedRoles);
  EXPECT_NE(refused.error().detail.find("'admin'"), std::string::npos);
  // Also when it is the default role asked for.
  refused = Register("admin", std::vector<std::string>{"admin"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, Field::kAllowedRoles);
  refused = Register("", std::vector<std::string>{""});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, Field::kAllowedRoles);
  EXPECT_EQ(Users(), 0);
}

}  // namespace
}  // namespace portcullis::core
