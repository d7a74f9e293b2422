-- Live sessions by user, oldest first: what opening a session at the cap (max_sessions_per_user),
-- listing a user's sessions and revoking them all read. Revoked sessions stay out of it, so a
-- user's history of logins does not make each new login slower.
CREATE INDEX sessions_live_by_user ON sessions (user_id, created_at, id) WHERE revoked_at IS NULL;
