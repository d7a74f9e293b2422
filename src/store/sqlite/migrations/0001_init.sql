-- 0001_init: accounts, sessions and their rotating refresh tokens (times in Unix seconds).
-- Applied once inside the migration transaction; never edit after release, add a new file.

CREATE TABLE users (
  id                  TEXT NOT NULL PRIMARY KEY,
  email               TEXT NOT NULL UNIQUE,
  username            TEXT UNIQUE,
  display_name        TEXT NOT NULL DEFAULT '',
  metadata_json       TEXT NOT NULL DEFAULT '{}',
  role                TEXT NOT NULL DEFAULT 'member',
  password_hash       TEXT NOT NULL DEFAULT '',
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
  id                TEXT NOT NULL PRIMARY KEY,
  user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at        INTEGER NOT NULL,
  last_refreshed_at INTEGER NOT NULL,
  expires_at        INTEGER NOT NULL,
  revoked_at        INTEGER,
  auth_time         INTEGER NOT NULL,
  amr               TEXT NOT NULL DEFAULT 'pwd',
  user_agent        TEXT NOT NULL DEFAULT '',
  ip                TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_user_id ON sessions (user_id);
-- Partial: only revoked sessions are indexed; `revoked_at >= ?` implies NOT NULL, so it is usable.
CREATE INDEX sessions_revoked_at ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Only the SHA-256 (lower-case hex) of a refresh token is stored; replaced_by is '' while current.
CREATE TABLE refresh_tokens (
  hash        TEXT NOT NULL PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER,
  replaced_by TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);
