-- 0002_mfa: TOTP factors, recovery codes, MFA login tickets, the security log, session step-up.
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- Mirrors mfa_factors.enabled so logins and profile reads need no second query.
ALTER TABLE users ADD COLUMN mfa_enabled INTEGER NOT NULL DEFAULT 0;

-- The last re-authentication of a session (POST /v1/auth/step-up); NULL when none.
ALTER TABLE sessions ADD COLUMN step_up_at INTEGER;

-- One row per user who started enrolment. Secrets are AEAD-sealed text "v1.<kid>.<data>"
-- (XChaCha20-Poly1305, the user id as associated data), never plaintext.
CREATE TABLE mfa_factors (
  user_id         TEXT NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  enabled         INTEGER NOT NULL DEFAULT 0,
  secret_sealed   TEXT NOT NULL DEFAULT '',
  pending_sealed  TEXT NOT NULL DEFAULT '',
  last_used_step  INTEGER NOT NULL DEFAULT -1,  -- replay guard: highest accepted TOTP step
  failures        INTEGER NOT NULL DEFAULT 0,   -- consecutive wrong codes (throttling)
  last_failure_at INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER NOT NULL DEFAULT 0,
  updated_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Recovery codes as lower-case hex HMAC-SHA-256 under a server key (never the code itself).
CREATE TABLE mfa_recovery_codes (
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hash       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, hash)
) STRICT, WITHOUT ROWID;

-- Two-step login tickets: only the SHA-256 (hex) of the opaque ticket is stored.
CREATE TABLE mfa_tickets (
  hash       TEXT NOT NULL PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  used_at    INTEGER
) STRICT, WITHOUT ROWID;

CREATE INDEX mfa_tickets_expires_at ON mfa_tickets (expires_at);

-- The security log (MFA enabled/disabled, failed codes, recovery codes used, step-ups). No
-- foreign key: the log outlives the account it speaks of.
CREATE TABLE security_events (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  user_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  ip         TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX security_events_user_id ON security_events (user_id, seq);
