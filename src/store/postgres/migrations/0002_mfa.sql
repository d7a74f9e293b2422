-- 0002_mfa: TOTP factors, recovery codes, MFA login tickets, the security log, session step-up.
-- The PostgreSQL twin of sqlite/migrations/0002_mfa.sql (flags are boolean here).
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- Mirrors mfa_factors.enabled so logins and profile reads need no second query.
ALTER TABLE users ADD COLUMN mfa_enabled boolean NOT NULL DEFAULT false;

-- The last re-authentication of a session (POST /v1/auth/step-up); NULL when none.
ALTER TABLE sessions ADD COLUMN step_up_at bigint;

-- One row per user who started enrolment. Secrets are AEAD-sealed text "v1.<kid>.<data>"
-- (XChaCha20-Poly1305, the user id as associated data), never plaintext.
CREATE TABLE mfa_factors (
  user_id         text NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  enabled         boolean NOT NULL DEFAULT false,
  secret_sealed   text NOT NULL DEFAULT '',
  pending_sealed  text NOT NULL DEFAULT '',
  last_used_step  bigint NOT NULL DEFAULT -1,  -- replay guard: highest accepted TOTP step
  failures        bigint NOT NULL DEFAULT 0,   -- consecutive wrong codes (throttling)
  last_failure_at bigint NOT NULL DEFAULT 0,
  locked_until    bigint NOT NULL DEFAULT 0,
  updated_at      bigint NOT NULL
);

-- Recovery codes as lower-case hex HMAC-SHA-256 under a server key (never the code itself).
CREATE TABLE mfa_recovery_codes (
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hash       text NOT NULL,
  created_at bigint NOT NULL,
  used_at    bigint,
  PRIMARY KEY (user_id, hash)
);

-- Two-step login tickets: only the SHA-256 (hex) of the opaque ticket is stored.
CREATE TABLE mfa_tickets (
  hash       text NOT NULL PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  attempts   bigint NOT NULL DEFAULT 0,
  used_at    bigint
);

CREATE INDEX mfa_tickets_expires_at ON mfa_tickets (expires_at);

-- The security log (MFA enabled/disabled, failed codes, recovery codes used, step-ups). No
-- foreign key: the log outlives the account it speaks of.
CREATE TABLE security_events (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id         text NOT NULL UNIQUE,
  user_id    text NOT NULL,
  type       text NOT NULL,
  at         bigint NOT NULL,
  ip         text NOT NULL DEFAULT '',
  user_agent text NOT NULL DEFAULT '',
  detail     text NOT NULL DEFAULT ''
);

CREATE INDEX security_events_user_id ON security_events (user_id, seq);
