-- 0008_clients_admin_audit: service clients (the OAuth 2.0 client_credentials grant) with their
-- secrets and revoked tokens; grants to a client; users disabled by an instance admin; the
-- security log becomes the audit log (actor, company, target, outcome).
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- id: 24 lower-case hex digits. Deleting the company deletes its clients (and, through them,
-- their secrets and grants).
CREATE TABLE service_clients (
  id                TEXT NOT NULL PRIMARY KEY,
  company_id        TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  allow_act_as_user INTEGER NOT NULL DEFAULT 0,
  disabled          INTEGER NOT NULL DEFAULT 0,
  created_by        TEXT REFERENCES users (id) ON DELETE SET NULL,  -- NULL: that account is gone
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- ListForCompany in its order (company_id = ?, oldest first, then id) and the company's cascade.
CREATE INDEX service_clients_company ON service_clients (company_id, created_at);
-- Deleting a user clears created_by.
CREATE INDEX service_clients_created_by ON service_clients (created_by)
  WHERE created_by IS NOT NULL;

-- At most two live secrets per client (kMaxLiveClientSecrets, enforced by the core); only a keyed
-- hash (HMAC-SHA-256, lower-case hex) of each is stored.
CREATE TABLE client_secrets (
  id          TEXT NOT NULL PRIMARY KEY,
  client_id   TEXT NOT NULL REFERENCES service_clients (id) ON DELETE CASCADE,
  secret_hash TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- ListSecrets in its order (client_id = ?, oldest first, then id), DeleteSecret's client check
-- and the client's cascade.
CREATE INDEX client_secrets_client ON client_secrets (client_id, created_at);

-- Client access tokens revoked before their expiry (RFC 7009), by jti; the primary key serves
-- IsTokenRevoked and RevokeToken's ON CONFLICT DO NOTHING.
CREATE TABLE client_token_revocations (
  token_id   TEXT NOT NULL PRIMARY KEY,
  revoked_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- PurgeRevokedTokens (expires_at < ?).
CREATE INDEX client_token_revocations_expires_at ON client_token_revocations (expires_at);

-- A grant to subject_type 'client' repeats its subject_id here, as user_id and credential_id do
-- for users and credentials (0007): deleting the client deletes its grants (ON DELETE CASCADE)
-- and a grant cannot name a client that does not exist.
ALTER TABLE permission_grants
  ADD COLUMN client_id TEXT REFERENCES service_clients (id) ON DELETE CASCADE;
-- The cascade of a deleted client.
CREATE INDEX permission_grants_client_id ON permission_grants (client_id)
  WHERE client_id IS NOT NULL;

-- When an instance admin disabled the account; 0: enabled. Read into core::User, so it is one of
-- the user cache's watched columns (kCachedUserColumns in user_cache.h).
ALTER TABLE users ADD COLUMN disabled_at INTEGER NOT NULL DEFAULT 0;

-- The audit log. actor_type: 'user', 'api_key', 'personal_token', 'client', 'admin', 'system' or
-- 'anonymous'; outcome: 'success' | 'failure'; '' where there is none. The events logged before
-- were the user's own doings: their actor is the user they name.
ALTER TABLE security_events ADD COLUMN actor_type TEXT NOT NULL DEFAULT 'user';
ALTER TABLE security_events ADD COLUMN actor_id TEXT NOT NULL DEFAULT '';
ALTER TABLE security_events ADD COLUMN company_id TEXT NOT NULL DEFAULT '';
ALTER TABLE security_events ADD COLUMN target_type TEXT NOT NULL DEFAULT '';
ALTER TABLE security_events ADD COLUMN target_id TEXT NOT NULL DEFAULT '';
ALTER TABLE security_events ADD COLUMN outcome TEXT NOT NULL DEFAULT 'success';
UPDATE security_events SET actor_id = user_id, target_type = 'user', target_id = user_id;
-- The security log's refusals (a wrong MFA code, a lock-out) were failures before the column.
UPDATE security_events SET outcome = 'failure' WHERE type LIKE '%\_failed' ESCAPE '\' OR type LIKE '%\_locked' ESCAPE '\';

-- List of a company's log (company_id = ? AND company_id <> '', seq descending from the cursor).
-- The user's log uses security_events_user_id (user_id, seq) of 0002; the instance admin's log
-- walks the seq primary key.
CREATE INDEX security_events_company ON security_events (company_id, seq) WHERE company_id <> '';
-- PurgeBefore (at < ?): the retention sweep.
CREATE INDEX security_events_at ON security_events (at);
