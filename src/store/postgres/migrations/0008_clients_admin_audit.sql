-- 0008_clients_admin_audit: service clients (the OAuth 2.0 client_credentials grant) with their
-- secrets and revoked tokens; grants to a client; users disabled by an instance admin; the
-- security log becomes the audit log (actor, company, target, outcome).
-- The PostgreSQL twin of sqlite/migrations/0008_clients_admin_audit.sql: same version, tables and
-- columns (flags are boolean here).
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- id: 24 lower-case hex digits. Deleting the company deletes its clients (and, through them,
-- their secrets and grants).
CREATE TABLE service_clients (
  id                text NOT NULL PRIMARY KEY,
  company_id        text NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  name              text NOT NULL,
  allow_act_as_user boolean NOT NULL DEFAULT false,
  disabled          boolean NOT NULL DEFAULT false,
  created_by        text REFERENCES users (id) ON DELETE SET NULL,  -- NULL: that account is gone
  created_at        bigint NOT NULL,
  updated_at        bigint NOT NULL
);

-- ListForCompany in its order (company_id = $1, oldest first, then id) and the company's cascade.
CREATE INDEX service_clients_company ON service_clients (company_id, created_at, id COLLATE "C");
-- Deleting a user clears created_by.
CREATE INDEX service_clients_created_by ON service_clients (created_by)
  WHERE created_by IS NOT NULL;

-- At most two live secrets per client (kMaxLiveClientSecrets, enforced by the core); only a keyed
-- hash (HMAC-SHA-256, lower-case hex) of each is stored.
CREATE TABLE client_secrets (
  id          text NOT NULL PRIMARY KEY,
  client_id   text NOT NULL REFERENCES service_clients (id) ON DELETE CASCADE,
  secret_hash text NOT NULL,
  created_at  bigint NOT NULL
);

-- ListSecrets in its order (client_id = $1, oldest first, then id), DeleteSecret's client check
-- and the client's cascade.
CREATE INDEX client_secrets_client ON client_secrets (client_id, created_at, id COLLATE "C");

-- Client access tokens revoked before their expiry (RFC 7009), by jti; the primary key serves
-- IsTokenRevoked and RevokeToken's ON CONFLICT DO NOTHING.
CREATE TABLE client_token_revocations (
  token_id   text NOT NULL PRIMARY KEY,
  revoked_at bigint NOT NULL,
  expires_at bigint NOT NULL
);

-- PurgeRevokedTokens (expires_at < $1).
CREATE INDEX client_token_revocations_expires_at ON client_token_revocations (expires_at);

-- A grant to subject_type 'client' repeats its subject_id here, as user_id and credential_id do
-- for users and credentials (0007): deleting the client deletes its grants (ON DELETE CASCADE)
-- and a grant cannot name a client that does not exist.
ALTER TABLE permission_grants
  ADD COLUMN client_id text REFERENCES service_clients (id) ON DELETE CASCADE;
-- The cascade of a deleted client.
CREATE INDEX permission_grants_client_id ON permission_grants (client_id)
  WHERE client_id IS NOT NULL;

-- When an instance admin disabled the account; 0: enabled.
ALTER TABLE users ADD COLUMN disabled_at bigint NOT NULL DEFAULT 0;
-- The admin API's Search walks users in byte order of id from the cursor (id COLLATE "C" > $1,
-- ORDER BY id COLLATE "C"), as SQLite's primary key does; CompanyRepository::ListAll likewise.
CREATE INDEX users_id_bytes ON users (id COLLATE "C");
CREATE INDEX companies_id_bytes ON companies (id COLLATE "C");

-- The audit log. actor_type: 'user', 'api_key', 'personal_token', 'client', 'admin', 'system' or
-- 'anonymous'; outcome: 'success' | 'failure'; '' where there is none. The events logged before
-- were the user's own doings: their actor is the user they name. seq stays the identity column of
-- 0002 (increasing per insert).
ALTER TABLE security_events
  ADD COLUMN actor_type text NOT NULL DEFAULT 'user',
  ADD COLUMN actor_id text NOT NULL DEFAULT '',
  ADD COLUMN company_id text NOT NULL DEFAULT '',
  ADD COLUMN target_type text NOT NULL DEFAULT '',
  ADD COLUMN target_id text NOT NULL DEFAULT '',
  ADD COLUMN outcome text NOT NULL DEFAULT 'success';
UPDATE security_events SET actor_id = user_id, target_type = 'user', target_id = user_id;
-- The security log's refusals (a wrong MFA code, a lock-out) were failures before the column.
UPDATE security_events SET outcome = 'failure' WHERE type LIKE '%\_failed' ESCAPE '\' OR type LIKE '%\_locked' ESCAPE '\';

-- List of a company's log (company_id = $2 AND company_id <> '', seq descending from the cursor).
-- The user's log uses security_events_user_id (user_id, seq) of 0002; the instance admin's log
-- walks the seq primary key.
CREATE INDEX security_events_company ON security_events (company_id, seq) WHERE company_id <> '';
-- PurgeBefore (at < $1): the retention sweep.
CREATE INDEX security_events_at ON security_events (at);
