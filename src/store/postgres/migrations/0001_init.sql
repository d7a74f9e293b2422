-- 0001_init: accounts, sessions and their rotating refresh tokens (times in Unix seconds, bigint).
-- The PostgreSQL twin of sqlite/migrations/0001_init.sql: same version, tables and columns.
-- Applied once inside the migration transaction; never edit after release, add a new file.

CREATE TABLE users (
  id                  text NOT NULL PRIMARY KEY,
  email               text NOT NULL UNIQUE,
  username            text UNIQUE,
  display_name        text NOT NULL DEFAULT '',
  metadata_json       text NOT NULL DEFAULT '{}',
  role                text NOT NULL DEFAULT 'member',
  password_hash       text NOT NULL DEFAULT '',
  created_at          bigint NOT NULL,
  updated_at          bigint NOT NULL,
  password_changed_at bigint NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  id                text NOT NULL PRIMARY KEY,
  user_id           text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at        bigint NOT NULL,
  last_refreshed_at bigint NOT NULL,
  expires_at        bigint NOT NULL,
  revoked_at        bigint,
  auth_time         bigint NOT NULL,
  amr               text NOT NULL DEFAULT 'pwd',
  user_agent        text NOT NULL DEFAULT '',
  ip                text NOT NULL DEFAULT ''
);

CREATE INDEX sessions_user_id ON sessions (user_id);
-- Partial: only revoked sessions are indexed. Every node polls `revoked_at >= $1` each second
-- (cross-node revocation), which this index answers without touching live sessions.
CREATE INDEX sessions_revoked_at ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Only the SHA-256 (lower-case hex) of a refresh token is stored; replaced_by is '' while current.
CREATE TABLE refresh_tokens (
  hash        text NOT NULL PRIMARY KEY,
  session_id  text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at   bigint NOT NULL,
  expires_at  bigint NOT NULL,
  used_at     bigint,
  replaced_by text NOT NULL DEFAULT ''
);

CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);
