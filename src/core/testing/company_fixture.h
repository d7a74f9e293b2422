// A core test fixture for companies: FlowFixture's services plus the Authorizer, the enrollment
// of new accounts, the company, invite and switch services, and helpers to register users and
// name them as principals. Not thread-safe to construct; the services it holds are.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/authorizer.h"
#include "core/company_enrollment.h"
#include "core/company_service.h"
#include "core/company_switch.h"
#include "core/invite_service.h"
#include "core/testing/flow_fixture.h"

namespace portcullis::core::testing {

class CompanyFixture : public FlowFixture {
 protected:
  // Registers `email` through the enrolling AccountService (with `invite` when given).
  IssuedTokens Register(const std::string& email, std::optional<std::string> invite = {}) {
    Registration r;
    r.email = email;
    r.password = "correct horse";
    r.invite = std::move(invite);
    auto issued = enrolling.Register(r, client);
    EXPECT_TRUE(issued.ok()) << (issued.ok() ? "" : issued.error().detail);
    return issued.ok() ? std::move(issued).value() : IssuedTokens();
  }

  // The principal of `issued`'s access token, as Authenticate makes it (the fake codec carries
  // no cid: it is taken from the issued membership).
  Principal As(const IssuedTokens& issued) {
    Principal p;
    p.kind = PrincipalKind::kSession;
    p.user_id = issued.user.id;
    p.session_id = issued.session.id;
    p.company_id = issued.company ? issued.company->company_id : "";
    p.auth_time = clock.NowSeconds();
    return p;
  }

  std::string CompanyOf(const IssuedTokens& issued) {
    EXPECT_TRUE(issued.company.has_value());
    return issued.company ? issued.company->company_id : "";
  }

  // Makes `who` a member of `company_id` with `role` through an accepted invite.
  void Join(const std::string& company_id, const Principal& owner, const IssuedTokens& who,
            CompanyRole role) {
    auto invited = invites.Invite(owner, company_id, who.user.email, role, client);
    ASSERT_TRUE(invited.ok()) << invited.error().detail;
    const auto mail = TakeMail();
    ASSERT_FALSE(mail.empty());
    ASSERT_TRUE(invites.Accept(As(who), mail.back().Ticket()).ok());
  }

  CompanyPolicy company_policy;
  Authorizer authorizer;
  CompanyEnrollment enrollment{company_policy, tokens, random, &flow_audit};
  AccountService enrolling{store,   hasher,  sessions, random,     clock,
                           nullptr, nullptr, nullptr,  &enrollment};
  CompanyService companies{store, authorizer, guard, random, clock};
  InviteService invites{InviteOptions{.ttl = 3600, .link_base = "https://app.test/join?ticket="},
                        store,
                        authorizer,
                        tokens,
                        outbox,
                        nullptr,
                        random,
                        clock,
                        &flow_audit};
  CompanySwitch switcher{store, authorizer, sessions, &flow_audit};

  // The types of the audit events of `company_id`, oldest first.
  std::vector<std::string> CompanyEventTypes(const std::string& company_id) {
    SecurityEventQuery query;
    query.company_id = company_id;
    query.limit = 200;
    auto events =
        store.ReadValue([&](Repositories& repos) { return repos.security_events().List(query); });
    EXPECT_TRUE(events.ok());
    std::vector<std::string> types;
    if (!events.ok()) return types;
    for (auto it = events->rbegin(); it != events->rend(); ++it) types.push_back(it->type);
    return types;
  }
};

}  // namespace portcullis::core::testing
