-- 0005_account_lifecycle: account activation and verified addresses, emailed one-time tickets and
-- the durable mail outbox.
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- 0 until an emailed activation ticket is used (auto_activate_new_users off); existing accounts
-- stay active.
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
-- When a ticket mailed to the current address was used (Unix seconds); 0: never.
ALTER TABLE users ADD COLUMN email_verified_at INTEGER NOT NULL DEFAULT 0;

-- Emailed single-use tickets (activation, magic link, password reset, email change, invite) and
-- redirect exchange codes: only the SHA-256 (lower-case hex) of the token is stored. user_id is
-- NULL for a ticket with no account yet (a sign-up link), which is then known by its email.
CREATE TABLE one_time_tickets (
  token_hash   TEXT NOT NULL PRIMARY KEY,
  kind         TEXT NOT NULL,
  user_id      TEXT REFERENCES users (id) ON DELETE CASCADE,
  email        TEXT NOT NULL DEFAULT '',
  payload_json TEXT NOT NULL DEFAULT '{}',
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- A user's tickets: the supersede lookup (user_id = ? AND kind = ?), DeleteForUser and the
-- cascade when the user is deleted (which needs user_id first).
CREATE INDEX one_time_tickets_user ON one_time_tickets (user_id, kind);
-- The supersede lookup of tickets that have no user yet, by address.
CREATE INDEX one_time_tickets_email ON one_time_tickets (kind, email) WHERE user_id IS NULL;
CREATE INDEX one_time_tickets_expires_at ON one_time_tickets (expires_at);

-- Deleting a user cascades to its MFA tickets: without an index on the child key every user
-- deletion would scan the table.
CREATE INDEX mfa_tickets_user_id ON mfa_tickets (user_id);

-- Messages waiting for delivery. sealed_content is the rendered message sealed with the server's
-- data keys ("v1.<kid>.<data>", the row id as associated data): a database read does not reveal the
-- links it carries. No foreign key: a message to an account that was deleted meanwhile (its
-- deletion notice) is still delivered. A rowid table: rows carry a whole message, too large for
-- WITHOUT ROWID.
CREATE TABLE mail_outbox (
  id              TEXT NOT NULL PRIMARY KEY,
  kind            TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,  -- due when <= now; a claim leases the row by moving it on
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  parked          INTEGER NOT NULL DEFAULT 0,  -- 1: gave up after mail_max_attempts
  sealed_content  TEXT NOT NULL  -- last: the columns before it are read without its overflow pages
) STRICT;

-- What ClaimDue reads, in its order: only messages still being tried.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, created_at, id) WHERE parked = 0;

-- Count's parked messages (few, kept for operators) without reading the table.
CREATE INDEX mail_outbox_parked ON mail_outbox (created_at) WHERE parked = 1;
