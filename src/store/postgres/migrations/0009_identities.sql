-- 0009_identities: logins at outside identity providers (single sign-on) linked to accounts —
-- (provider, subject) → user.
-- The PostgreSQL twin of sqlite/migrations/0009_identities.sql: same version, table and columns.
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- provider: the settings name of [sso.<name>] ("google", "github", "corp"); subject: the
-- provider's stable id of the user (`sub`, GitHub's numeric id), compared exactly. One
-- (provider, subject) logs in one account; an account may have several, two at one provider
-- included. email: the address the provider asserted when it was linked ('' when none).
-- last_login_at: 0 until the identity first logs in after linking. Deleting the user deletes its
-- identities.
CREATE TABLE identities (
  id            text NOT NULL PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider      text NOT NULL,
  subject       text NOT NULL,
  email         text NOT NULL DEFAULT '',
  created_at    bigint NOT NULL,
  last_login_at bigint NOT NULL DEFAULT 0,
  CONSTRAINT identities_provider_subject_key UNIQUE (provider, subject)
);

-- ListForUser in its order (user_id = $1, oldest first, then id), Delete's owner check and the
-- user's cascade. FindBySubject uses the UNIQUE's index.
CREATE INDEX identities_user ON identities (user_id, created_at, id COLLATE "C");
