-- 0003_refresh_on_session: a refresh token is the base64url of session id, counter and an
-- HMAC-SHA-256 of both under the session's own key, and its state lives on the session row: a
-- rotation is one conditional UPDATE of that row and no token rows are written.
-- The PostgreSQL twin of sqlite/migrations/0003_refresh_on_session.sql.
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- The session's refresh key, AEAD-sealed ("v1.<kid>.<data>", XChaCha20-Poly1305 under the server's
-- data keys, the session id as associated data); never the raw key.
ALTER TABLE sessions ADD COLUMN refresh_key text NOT NULL DEFAULT '';
-- The generation of the current token; +1 per rotation, and the guard that lets one of two racing
-- rotations win (UPDATE ... WHERE refresh_counter = $n).
ALTER TABLE sessions ADD COLUMN refresh_counter bigint NOT NULL DEFAULT 0;
-- When the previous token was spent (the reuse grace counts from here); 0 before any rotation.
ALTER TABLE sessions ADD COLUMN rotated_at bigint NOT NULL DEFAULT 0;
-- Lower-case hex SHA-256 of the current token and of the one it replaced (never a plaintext).
ALTER TABLE sessions ADD COLUMN refresh_hash text NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN previous_hash text NOT NULL DEFAULT '';

-- Sessions opened before this version have no refresh key: their tokens cannot be checked any
-- more, so they end now; their users log in again.
UPDATE sessions SET revoked_at = extract(epoch FROM now())::bigint WHERE revoked_at IS NULL;

DROP TABLE refresh_tokens;
