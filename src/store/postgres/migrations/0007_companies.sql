-- 0007_companies: companies and their members, invites, company API keys and personal access
-- tokens, the permission model (names and grants); a user's instance role, last active company
-- and a session's active company.
-- The PostgreSQL twin of sqlite/migrations/0007_companies.sql: same version, tables and columns.
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- The operator's rights over the instance, apart from any company role: 'admin' stays, every
-- other value ('member', 'owner', ...) becomes 'user'.
ALTER TABLE users RENAME COLUMN role TO instance_role;
UPDATE users SET instance_role = 'user' WHERE instance_role <> 'admin';
ALTER TABLE users ALTER COLUMN instance_role SET DEFAULT 'user';

CREATE TABLE companies (
  id         text NOT NULL PRIMARY KEY,
  name       text NOT NULL,
  created_by text REFERENCES users (id) ON DELETE SET NULL,  -- NULL: that account is gone
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

-- Deleting a user clears created_by: without this index every user deletion would scan companies.
CREATE INDEX companies_created_by ON companies (created_by) WHERE created_by IS NOT NULL;

-- The company a login starts in (CompanyRepository::LastActive); NULL: none. Added after
-- companies so that the reference resolves; a deleted company leaves NULL behind.
ALTER TABLE users ADD COLUMN last_company_id text REFERENCES companies (id) ON DELETE SET NULL;
-- Deleting a company clears it in its users' rows (the SET NULL lookup).
CREATE INDEX users_last_company_id ON users (last_company_id) WHERE last_company_id IS NOT NULL;

-- The active company of a session's access tokens; '' none. No foreign key: sessions outlive a
-- deleted company, and the core resolves a company that is gone.
ALTER TABLE sessions ADD COLUMN company_id text NOT NULL DEFAULT '';

-- role: 'member' | 'admin' | 'owner'. The primary key serves FindMembership, SetRole,
-- RemoveMember, ListMembers and CountOwners (by company_id first) and the company's cascade.
CREATE TABLE company_members (
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL,
  created_at bigint NOT NULL,  -- when the user joined
  updated_at bigint NOT NULL,  -- when the role last changed
  PRIMARY KEY (company_id, user_id)
);

-- ListForUser in its order (oldest membership first, then company) and the user's cascade.
CREATE INDEX company_members_user ON company_members (user_id, created_at, company_id COLLATE "C");

-- Pending invites: only the SHA-256 (lower-case hex) of the emailed ticket is stored.
CREATE TABLE company_invites (
  id         text NOT NULL PRIMARY KEY,
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  email      text NOT NULL,
  role       text NOT NULL,
  invited_by text REFERENCES users (id) ON DELETE SET NULL,  -- NULL: that account is gone
  token_hash text NOT NULL UNIQUE,  -- its index serves Find and Take
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);

-- Create's supersede (company_id = $1 AND email = $2), ListForCompany and the company's cascade.
CREATE INDEX company_invites_company ON company_invites (company_id, email);
-- Deleting a user clears invited_by.
CREATE INDEX company_invites_invited_by ON company_invites (invited_by)
  WHERE invited_by IS NOT NULL;
CREATE INDEX company_invites_expires_at ON company_invites (expires_at);

-- Company API keys (kind 'api_key', user_id NULL) and personal access tokens (kind 'token', of
-- user_id in company_id): only the SHA-256 (lower-case hex) of the secret is stored.
-- last_used_at is written coalesced (RecordUse), never per request; expires_at 0: never.
CREATE TABLE credentials (
  id           text NOT NULL PRIMARY KEY,
  kind         text NOT NULL,
  company_id   text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  user_id      text REFERENCES users (id) ON DELETE CASCADE,
  name         text NOT NULL,
  prefix       text NOT NULL,
  last4        text NOT NULL,
  secret_hash  text NOT NULL UNIQUE,  -- its index serves FindByHash, on every keyed request
  created_by   text REFERENCES users (id) ON DELETE SET NULL,  -- NULL: that account is gone
  created_at   bigint NOT NULL,
  last_used_at bigint NOT NULL DEFAULT 0,
  expires_at   bigint NOT NULL DEFAULT 0
);

-- ListForCompany (company_id = $1 AND kind = $2, newest first) and the company's cascade.
CREATE INDEX credentials_company ON credentials (company_id, kind, created_at);
-- ListForUser (newest first) and the cascade of a deleted user's tokens.
CREATE INDEX credentials_user ON credentials (user_id, created_at) WHERE user_id IS NOT NULL;
-- Deleting a user clears created_by.
CREATE INDEX credentials_created_by ON credentials (created_by) WHERE created_by IS NOT NULL;

-- A personal token's permission subset, one row per permission in the order given: a child
-- table rather than an encoded column, so no name needs escaping. The primary key serves the
-- join that reads a token with its permissions, and the cascade when the token goes.
CREATE TABLE credential_permissions (
  credential_id text NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  position      bigint NOT NULL,
  feature       text NOT NULL,
  scope         text NOT NULL,
  action        text NOT NULL,
  PRIMARY KEY (credential_id, position)
);

-- A company's custom verbs, features and scopes (kind 'verb' | 'feature' | 'scope'). The primary
-- key serves AddName's conflict, ListNames in its order, RemoveName and the company's cascade.
CREATE TABLE permission_names (
  company_id text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  kind       text NOT NULL,
  name       text COLLATE "C" NOT NULL,  -- byte order, as on SQLite: ListNames reads it sorted
  PRIMARY KEY (company_id, kind, name)
);

-- Grants of `action` on `feature` within `scope` to a subject: subject_type 'role' (subject_id a
-- role name), 'user', 'api_key' or 'token'. user_id repeats subject_id for a user and
-- credential_id for a key or token, so that deleting the user or the credential deletes its
-- grants (ON DELETE CASCADE) and a grant cannot name one that does not exist.
CREATE TABLE permission_grants (
  id            text NOT NULL PRIMARY KEY,
  company_id    text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  user_id       text REFERENCES users (id) ON DELETE CASCADE,
  credential_id text REFERENCES credentials (id) ON DELETE CASCADE,
  feature       text NOT NULL,
  scope         text NOT NULL,
  action        text NOT NULL,
  created_at    bigint NOT NULL,
  -- The same permission is granted once per subject. Its index serves GrantsFor (company,
  -- subject, feature and scope: every authorization question of the model), ListGrants of a
  -- subject, RemoveGrantsOf, and, by company_id alone, ListGrants, RemoveName and the company's
  -- cascade.
  CONSTRAINT permission_grants_once UNIQUE (company_id, subject_type, subject_id, feature, scope,
                                            action)
);

-- The cascades of a deleted user and of a revoked credential.
CREATE INDEX permission_grants_user_id ON permission_grants (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX permission_grants_credential_id ON permission_grants (credential_id)
  WHERE credential_id IS NOT NULL;
