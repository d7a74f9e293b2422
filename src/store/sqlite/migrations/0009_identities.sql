-- 0009_identities: logins at outside identity providers (single sign-on) linked to accounts —
-- (provider, subject) → user.
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- provider: the settings name of [sso.<name>] ("google", "github", "corp"); subject: the
-- provider's stable id of the user (`sub`, GitHub's numeric id), compared exactly. One
-- (provider, subject) logs in one account; an account may have several, two at one provider
-- included. email: the address the provider asserted when it was linked ('' when none).
-- last_login_at: 0 until the identity first logs in after linking. Deleting the user deletes its
-- identities.
CREATE TABLE identities (
  id            TEXT NOT NULL PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider      TEXT NOT NULL,
  subject       TEXT NOT NULL,
  email         TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  last_login_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (provider, subject)
) STRICT, WITHOUT ROWID;

-- ListForUser in its order (user_id = ?, oldest first, then id), Delete's owner check and the
-- user's cascade. FindBySubject uses the UNIQUE's index.
CREATE INDEX identities_user ON identities (user_id, created_at);
