// The SQL the SQLite store runs, as named constants; parameters are always bound (?N), never
// spliced. Immutable data; safe from any thread.
#pragma once

#include <string_view>

namespace portcullis::store::sqlite::sql {

// --- schema bookkeeping ---
inline constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER NOT NULL PRIMARY KEY,"
    " applied_at INTEGER NOT NULL) STRICT";
inline constexpr std::string_view kSchemaMigrationsExists =
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
inline constexpr std::string_view kSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
inline constexpr std::string_view kInsertSchemaMigration =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, unixepoch())";

// --- transactions ---
inline constexpr std::string_view kBeginImmediate = "BEGIN IMMEDIATE";
// A read snapshot (reader connections): WAL fixes it at the first read.
inline constexpr std::string_view kBeginDeferred = "BEGIN";
inline constexpr std::string_view kCommit = "COMMIT";
inline constexpr std::string_view kRollback = "ROLLBACK";
inline constexpr std::string_view kPing = "SELECT 1";

// --- users ---
// Column order of every user SELECT; see ReadUser in user_repository.cc.
inline constexpr std::string_view kInsertUser =
    "INSERT INTO users (id, email, username, display_name, metadata_json, instance_role, "
    "password_hash,"
    " created_at, updated_at, password_changed_at, active, email_verified_at, disabled_at,"
    " default_role, allowed_roles)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
inline constexpr std::string_view kSelectUserById =
    "SELECT id, email, username, display_name, metadata_json, instance_role, password_hash, "
    "created_at,"
    " updated_at, password_changed_at, mfa_enabled, active, email_verified_at, disabled_at,"
    " default_role, allowed_roles"
    " FROM users WHERE id = ?1";
inline constexpr std::string_view kSelectUserByEmail =
    "SELECT id, email, username, display_name, metadata_json, instance_role, password_hash, "
    "created_at,"
    " updated_at, password_changed_at, mfa_enabled, active, email_verified_at, disabled_at,"
    " default_role, allowed_roles"
    " FROM users WHERE email = ?1";
inline constexpr std::string_view kSelectUserByUsername =
    "SELECT id, email, username, display_name, metadata_json, instance_role, password_hash, "
    "created_at,"
    " updated_at, password_changed_at, mfa_enabled, active, email_verified_at, disabled_at,"
    " default_role, allowed_roles"
    " FROM users WHERE username = ?1";
// The admin API's search: ?2 is LikePrefix(prefix) (so '%' and '_' match literally; '' is "%",
// every account), ?1 the cursor. Walks the primary key from the cursor in id order and stops at
// the limit (an admin's occasional query: no index per column is worth its write cost).
inline constexpr std::string_view kSearchUsers =
    "SELECT id, email, username, display_name, metadata_json, instance_role, password_hash, "
    "created_at,"
    " updated_at, password_changed_at, mfa_enabled, active, email_verified_at, disabled_at,"
    " default_role, allowed_roles"
    " FROM users WHERE id > ?1 AND (id LIKE ?2 ESCAPE '\\' OR email LIKE ?2 ESCAPE '\\'"
    " OR username LIKE ?2 ESCAPE '\\') ORDER BY id LIMIT ?3";
inline constexpr std::string_view kUpdateUserProfile =
    "UPDATE users SET username = ?2, display_name = ?3, metadata_json = ?4, instance_role = ?5,"
    " updated_at = ?6, default_role = ?7, allowed_roles = ?8 WHERE id = ?1";
inline constexpr std::string_view kUpdateUserPassword =
    "UPDATE users SET password_hash = ?2, password_changed_at = ?3, updated_at = ?3 WHERE id = ?1";
// The same password at a new cost; a password changed meanwhile is left alone.
inline constexpr std::string_view kRehashUserPassword =
    "UPDATE users SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2";
// An address proven by a used ticket keeps the first time it was proven.
inline constexpr std::string_view kActivateUser =
    "UPDATE users SET active = 1, updated_at = ?2,"
    " email_verified_at = CASE WHEN email_verified_at = 0 THEN ?2 ELSE email_verified_at END"
    " WHERE id = ?1";
// ?3: the verification time, 0 when the new address is not verified.
inline constexpr std::string_view kChangeUserEmail =
    "UPDATE users SET email = ?2, email_verified_at = ?3, updated_at = ?4 WHERE id = ?1";
// Sessions, MFA factor, recovery codes, MFA and one-time tickets, memberships, personal tokens,
// linked identities and the user's grants go with it (ON DELETE CASCADE); created_by and
// invited_by become NULL; security events stay.
inline constexpr std::string_view kDeleteUser = "DELETE FROM users WHERE id = ?1";
inline constexpr std::string_view kSetUserDisabled =
    "UPDATE users SET disabled_at = ?2, updated_at = ?3 WHERE id = ?1";
inline constexpr std::string_view kSetUserEmailVerified =
    "UPDATE users SET email_verified_at = ?2, updated_at = ?3 WHERE id = ?1";
inline constexpr std::string_view kCountUsers = "SELECT COUNT(*) FROM users";

// --- sessions ---
// Column order of every session SELECT; see ReadSession in session_repository.cc.
inline constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (id, user_id, created_at, last_refreshed_at, expires_at, revoked_at,"
    " auth_time, amr, user_agent, ip, step_up_at, refresh_key, refresh_counter, rotated_at,"
    " refresh_hash, previous_hash, company_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
inline constexpr std::string_view kSelectSession =
    "SELECT id, user_id, created_at, last_refreshed_at, expires_at, revoked_at, auth_time, amr,"
    " user_agent, ip, step_up_at, refresh_key, refresh_counter, rotated_at, refresh_hash,"
    " previous_hash, company_id FROM sessions WHERE id = ?1";
inline constexpr std::string_view kSessionExists = "SELECT 1 FROM sessions WHERE id = ?1";
// The rotation guard: only a live session whose counter is still ?2 changes, so exactly one of
// two racing rotations wins. One row, one B-tree page, per rotation.
inline constexpr std::string_view kRotateSession =
    "UPDATE sessions SET refresh_counter = ?2 + 1, previous_hash = refresh_hash,"
    " refresh_hash = ?3, rotated_at = ?4, last_refreshed_at = ?4, expires_at = ?5"
    " WHERE id = ?1 AND refresh_counter = ?2 AND revoked_at IS NULL";
inline constexpr std::string_view kRevokeSession =
    "UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
inline constexpr std::string_view kRevokeAllForUser =
    "UPDATE sessions SET revoked_at = ?3"
    " WHERE user_id = ?1 AND id <> ?2 AND revoked_at IS NULL AND expires_at > ?3 RETURNING id";
// The oldest live sessions of ?1 beyond ?2 - 1 of them (by created_at, then id), revoked at ?3.
inline constexpr std::string_view kRevokeOldestBeyond =
    "UPDATE sessions SET revoked_at = ?3 WHERE id IN ("
    " SELECT id FROM sessions WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?3"
    " ORDER BY created_at, id"
    " LIMIT max(0, (SELECT count(*) FROM sessions"
    "  WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?3) - (?2 - 1)))"
    " RETURNING id";
inline constexpr std::string_view kListActiveSessions =
    "SELECT id, user_id, created_at, last_refreshed_at, expires_at, revoked_at, auth_time, amr,"
    " user_agent, ip, step_up_at, refresh_key, refresh_counter, rotated_at, refresh_hash,"
    " previous_hash, company_id FROM sessions"
    " WHERE user_id = ?1 AND revoked_at IS NULL AND expires_at > ?2"
    " ORDER BY created_at DESC, id DESC";
inline constexpr std::string_view kSetStepUp = "UPDATE sessions SET step_up_at = ?2 WHERE id = ?1";
inline constexpr std::string_view kSetSessionCompany =
    "UPDATE sessions SET company_id = ?2 WHERE id = ?1";
inline constexpr std::string_view kListRevokedSince =
    "SELECT id, revoked_at FROM sessions WHERE revoked_at >= ?1 ORDER BY revoked_at, id";

// --- mfa factors ---
// Column order of kSelectMfa; see ReadMfa in mfa_repository.cc.
inline constexpr std::string_view kSelectMfa =
    "SELECT user_id, enabled, secret_sealed, pending_sealed, last_used_step, failures,"
    " last_failure_at, locked_until, updated_at FROM mfa_factors WHERE user_id = ?1";
// An enabled factor's row is left alone (no change: the caller answers kConflict).
inline constexpr std::string_view kSavePendingMfa =
    "INSERT INTO mfa_factors (user_id, pending_sealed, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (user_id) DO UPDATE SET pending_sealed = excluded.pending_sealed,"
    " updated_at = excluded.updated_at WHERE mfa_factors.enabled = 0";
// The enrolment guard: only a not-yet-enabled factor whose pending secret is still the verified
// one changes, so exactly one of two racing confirmations wins.
inline constexpr std::string_view kEnableMfa =
    "UPDATE mfa_factors SET enabled = 1, secret_sealed = ?2, pending_sealed = '',"
    " last_used_step = ?3, failures = 0, last_failure_at = 0, locked_until = 0, updated_at = ?4"
    " WHERE user_id = ?1 AND enabled = 0 AND pending_sealed = ?2";
inline constexpr std::string_view kMfaExists = "SELECT 1 FROM mfa_factors WHERE user_id = ?1";
inline constexpr std::string_view kSetUserMfa = "UPDATE users SET mfa_enabled = ?2 WHERE id = ?1";
inline constexpr std::string_view kDeleteMfa = "DELETE FROM mfa_factors WHERE user_id = ?1";
inline constexpr std::string_view kDeleteRecoveryCodes =
    "DELETE FROM mfa_recovery_codes WHERE user_id = ?1";
// The replay guard: only a higher step of an enabled factor is accepted.
inline constexpr std::string_view kClaimStep =
    "UPDATE mfa_factors SET last_used_step = ?2"
    " WHERE user_id = ?1 AND enabled = 1 AND last_used_step < ?2";
// One wrong code, counted in place (no lost updates): the `?3`-th locks until at least `?2 + ?4`
// (never earlier than an existing lock) and restarts the count.
inline constexpr std::string_view kRecordMfaFailure =
    "UPDATE mfa_factors SET"
    " failures = CASE WHEN failures + 1 >= ?3 THEN 0 ELSE failures + 1 END,"
    " last_failure_at = ?2,"
    " locked_until = CASE WHEN failures + 1 >= ?3 THEN MAX(locked_until, ?2 + ?4)"
    " ELSE locked_until END"
    " WHERE user_id = ?1 RETURNING failures, last_failure_at, locked_until";
inline constexpr std::string_view kResetMfaThrottle =
    "UPDATE mfa_factors SET failures = 0, last_failure_at = 0, locked_until = 0"
    " WHERE user_id = ?1";
inline constexpr std::string_view kInsertRecoveryCode =
    "INSERT INTO mfa_recovery_codes (user_id, hash, created_at) VALUES (?1, ?2, ?3)";
inline constexpr std::string_view kUseRecoveryCode =
    "UPDATE mfa_recovery_codes SET used_at = ?3"
    " WHERE user_id = ?1 AND hash = ?2 AND used_at IS NULL";
inline constexpr std::string_view kCountUnusedRecoveryCodes =
    "SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = ?1 AND used_at IS NULL";

// --- mfa tickets ---
// Column order of kSelectTicket and kReserveTicketAttempt; see ReadTicket in mfa_repository.cc.
inline constexpr std::string_view kInsertTicket =
    "INSERT INTO mfa_tickets (hash, user_id, created_at, expires_at, attempts, used_at,"
    " first_factor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr std::string_view kSelectTicket =
    "SELECT hash, user_id, created_at, expires_at, attempts, used_at, first_factor"
    " FROM mfa_tickets WHERE hash = ?1";
// The attempt guard: an attempt is taken before its code is checked, only on a live ticket, so
// concurrent codes never get more than ?3 checks.
inline constexpr std::string_view kReserveTicketAttempt =
    "UPDATE mfa_tickets SET attempts = attempts + 1"
    " WHERE hash = ?1 AND used_at IS NULL AND expires_at > ?2 AND attempts < ?3"
    " RETURNING hash, user_id, created_at, expires_at, attempts, used_at, first_factor";
inline constexpr std::string_view kUseTicket =
    "UPDATE mfa_tickets SET used_at = ?2 WHERE hash = ?1 AND used_at IS NULL";
inline constexpr std::string_view kPurgeTickets = "DELETE FROM mfa_tickets WHERE expires_at < ?1";

// --- one-time tickets ---
// Column order of every ticket RETURNING; see ReadOneTimeTicket in ticket_repository.cc.
inline constexpr std::string_view kInsertOneTimeTicket =
    "INSERT INTO one_time_tickets (token_hash, kind, user_id, email, payload_json, created_at,"
    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// A newer ticket supersedes the older ones of its kind (?2) for the same user (?3), or, with no
// user, for the same address (?3). The new ticket's own hash (?1) is spared, so a taken hash still
// conflicts instead of replacing the ticket.
inline constexpr std::string_view kSupersedeUserTickets =
    "DELETE FROM one_time_tickets WHERE user_id = ?3 AND kind = ?2 AND token_hash <> ?1";
inline constexpr std::string_view kSupersedeAddressTickets =
    "DELETE FROM one_time_tickets"
    " WHERE user_id IS NULL AND kind = ?2 AND email = ?3 AND token_hash <> ?1";
inline constexpr std::string_view kSelectOneTimeTicket =
    "SELECT token_hash, kind, user_id, email, payload_json, created_at, expires_at"
    " FROM one_time_tickets WHERE token_hash = ?1 AND kind = ?2";
// Single use: the row is gone once taken, so of two takers only one gets it.
inline constexpr std::string_view kTakeOneTimeTicket =
    "DELETE FROM one_time_tickets WHERE token_hash = ?1 AND kind = ?2"
    " RETURNING token_hash, kind, user_id, email, payload_json, created_at, expires_at";
inline constexpr std::string_view kDeleteUserTickets =
    "DELETE FROM one_time_tickets WHERE user_id = ?1";
inline constexpr std::string_view kPurgeOneTimeTickets =
    "DELETE FROM one_time_tickets WHERE expires_at < ?1";

// --- mail outbox ---
// Column order of kSelectDueMail; see ReadOutboxMessage in outbox_repository.cc.
inline constexpr std::string_view kInsertMail =
    "INSERT INTO mail_outbox (id, kind, recipient, sealed_content, created_at, next_attempt_at,"
    " attempts, last_error, parked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
// Earliest due first, from the partial index mail_outbox_due. The writer runs one job at a time,
// so what it selects is still due when kLeaseMail moves it on in the same job.
inline constexpr std::string_view kSelectDueMail =
    "SELECT id, kind, recipient, sealed_content, created_at, next_attempt_at, attempts,"
    " last_error, parked FROM mail_outbox WHERE parked = 0 AND next_attempt_at <= ?1"
    " ORDER BY next_attempt_at, created_at, id LIMIT ?2";
inline constexpr std::string_view kLeaseMail =
    "UPDATE mail_outbox SET next_attempt_at = ?2, attempts = attempts + 1 WHERE id = ?1";
inline constexpr std::string_view kDeleteMail = "DELETE FROM mail_outbox WHERE id = ?1";
inline constexpr std::string_view kRecordMailFailure =
    "UPDATE mail_outbox SET next_attempt_at = ?2, last_error = ?3, parked = ?4 WHERE id = ?1";
// Each count from its partial index (mail_outbox_due, mail_outbox_parked), not the table.
inline constexpr std::string_view kCountMail =
    "SELECT (SELECT COUNT(*) FROM mail_outbox WHERE parked = 0),"
    " (SELECT COUNT(*) FROM mail_outbox WHERE parked = 1)";

// --- companies and memberships ---
inline constexpr std::string_view kInsertCompany =
    "INSERT INTO companies (id, name, created_by, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
// Column order of ReadCompany in company_repository.cc.
inline constexpr std::string_view kSelectCompany =
    "SELECT id, name, created_by, created_at, updated_at FROM companies WHERE id = ?1";
// The admin API's listing: the primary key from the cursor.
inline constexpr std::string_view kListAllCompanies =
    "SELECT id, name, created_by, created_at, updated_at FROM companies WHERE id > ?1"
    " ORDER BY id LIMIT ?2";
inline constexpr std::string_view kCompanyExists = "SELECT 1 FROM companies WHERE id = ?1";
inline constexpr std::string_view kUserExists = "SELECT 1 FROM users WHERE id = ?1";
inline constexpr std::string_view kRenameCompany =
    "UPDATE companies SET name = ?2, updated_at = ?3 WHERE id = ?1";
// Memberships, invites, credentials (with their permissions and grants), names and grants go
// with it (ON DELETE CASCADE); users.last_company_id becomes NULL (ON DELETE SET NULL).
inline constexpr std::string_view kDeleteCompany = "DELETE FROM companies WHERE id = ?1";
inline constexpr std::string_view kInsertMember =
    "INSERT INTO company_members (company_id, user_id, role, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
// Column order of ReadMembership in company_repository.cc.
inline constexpr std::string_view kSelectMember =
    "SELECT company_id, user_id, role, created_at, updated_at FROM company_members"
    " WHERE company_id = ?1 AND user_id = ?2";
// From the index company_members_user, in its order.
inline constexpr std::string_view kListCompaniesOfUser =
    "SELECT c.id, c.name, c.created_by, c.created_at, c.updated_at, m.role"
    " FROM company_members m JOIN companies c ON c.id = m.company_id"
    " WHERE m.user_id = ?1 ORDER BY m.created_at, m.company_id";
// The company's rows from the primary key, sorted (a company has few members).
inline constexpr std::string_view kListMembers =
    "SELECT m.company_id, m.user_id, m.role, m.created_at, m.updated_at, u.email, u.display_name"
    " FROM company_members m JOIN users u ON u.id = m.user_id"
    " WHERE m.company_id = ?1 ORDER BY m.created_at, m.user_id";
inline constexpr std::string_view kSetMemberRole =
    "UPDATE company_members SET role = ?3, updated_at = ?4 WHERE company_id = ?1 AND user_id = ?2";
inline constexpr std::string_view kDeleteMember =
    "DELETE FROM company_members WHERE company_id = ?1 AND user_id = ?2";
// After RemoveMember: the user's last active company is none when it was this one.
inline constexpr std::string_view kForgetLastCompany =
    "UPDATE users SET last_company_id = NULL WHERE id = ?2 AND last_company_id = ?1";
inline constexpr std::string_view kCountOwners =
    "SELECT COUNT(*) FROM company_members WHERE company_id = ?1 AND role = 'owner'";
inline constexpr std::string_view kSelectLastCompany =
    "SELECT last_company_id FROM users WHERE id = ?1";
// ?2 NULL: none.
inline constexpr std::string_view kSetLastCompany =
    "UPDATE users SET last_company_id = ?2 WHERE id = ?1";

// --- company invites ---
// Column order of every invite SELECT and RETURNING; see ReadInvite in invite_repository.cc.
inline constexpr std::string_view kInsertInvite =
    "INSERT INTO company_invites (id, company_id, email, role, invited_by, token_hash, created_at,"
    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
// The newest invite to an address is the only one that works. The new invite's own id (?1) and
// hash (?4) are spared, so a taken one still conflicts instead of replacing the invite.
inline constexpr std::string_view kSupersedeInvites =
    "DELETE FROM company_invites"
    " WHERE company_id = ?2 AND email = ?3 AND id <> ?1 AND token_hash <> ?4";
inline constexpr std::string_view kListInvites =
    "SELECT id, company_id, email, role, invited_by, token_hash, created_at, expires_at"
    " FROM company_invites WHERE company_id = ?1 ORDER BY created_at DESC, id";
inline constexpr std::string_view kSelectInvite =
    "SELECT id, company_id, email, role, invited_by, token_hash, created_at, expires_at"
    " FROM company_invites WHERE token_hash = ?1";
// Single use: the row is gone once taken, so of two takers only one gets it.
inline constexpr std::string_view kTakeInvite =
    "DELETE FROM company_invites WHERE token_hash = ?1"
    " RETURNING id, company_id, email, role, invited_by, token_hash, created_at, expires_at";
inline constexpr std::string_view kDeleteInvite =
    "DELETE FROM company_invites WHERE company_id = ?1 AND id = ?2";
inline constexpr std::string_view kPurgeInvites =
    "DELETE FROM company_invites WHERE expires_at < ?1";

// --- credentials (API keys and personal tokens) ---
inline constexpr std::string_view kInsertCredential =
    "INSERT INTO credentials (id, kind, company_id, user_id, name, prefix, last4, secret_hash,"
    " created_by, created_at, last_used_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
inline constexpr std::string_view kInsertCredentialPermission =
    "INSERT INTO credential_permissions (credential_id, position, feature, scope, action)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
// Each credential with its permissions, one row per permission (a key's one row has NULLs), in
// order; see ReadCredentials in credential_repository.cc for the columns.
inline constexpr std::string_view kSelectCredentialByHash =
    "SELECT c.id, c.kind, c.company_id, c.user_id, c.name, c.prefix, c.last4, c.secret_hash,"
    " c.created_by, c.created_at, c.last_used_at, c.expires_at, p.feature, p.scope, p.action"
    " FROM credentials c LEFT JOIN credential_permissions p ON p.credential_id = c.id"
    " WHERE c.secret_hash = ?1 ORDER BY p.position";
inline constexpr std::string_view kSelectCredential =
    "SELECT c.id, c.kind, c.company_id, c.user_id, c.name, c.prefix, c.last4, c.secret_hash,"
    " c.created_by, c.created_at, c.last_used_at, c.expires_at, p.feature, p.scope, p.action"
    " FROM credentials c LEFT JOIN credential_permissions p ON p.credential_id = c.id"
    " WHERE c.id = ?1 ORDER BY p.position";
// From the index credentials_company.
inline constexpr std::string_view kListCompanyCredentials =
    "SELECT c.id, c.kind, c.company_id, c.user_id, c.name, c.prefix, c.last4, c.secret_hash,"
    " c.created_by, c.created_at, c.last_used_at, c.expires_at, p.feature, p.scope, p.action"
    " FROM credentials c LEFT JOIN credential_permissions p ON p.credential_id = c.id"
    " WHERE c.company_id = ?1 AND c.kind = ?2 ORDER BY c.created_at DESC, c.id, p.position";
// From the index credentials_user.
inline constexpr std::string_view kListUserCredentials =
    "SELECT c.id, c.kind, c.company_id, c.user_id, c.name, c.prefix, c.last4, c.secret_hash,"
    " c.created_by, c.created_at, c.last_used_at, c.expires_at, p.feature, p.scope, p.action"
    " FROM credentials c LEFT JOIN credential_permissions p ON p.credential_id = c.id"
    " WHERE c.user_id = ?1 AND c.kind = 'token' ORDER BY c.created_at DESC, c.id, p.position";
// Its permissions and the grants naming it go with it (ON DELETE CASCADE).
inline constexpr std::string_view kDeleteCredential = "DELETE FROM credentials WHERE id = ?1";
// Raises last_used_at only: an older use (or one flushed late) never lowers it.
inline constexpr std::string_view kRecordCredentialUse =
    "UPDATE credentials SET last_used_at = ?2 WHERE id = ?1 AND last_used_at < ?2";
inline constexpr std::string_view kCredentialExists = "SELECT 1 FROM credentials WHERE id = ?1";

// --- permission names and grants ---
// A grant adds its feature and scope names when they are new.
inline constexpr std::string_view kInsertPermissionName =
    "INSERT INTO permission_names (company_id, kind, name) VALUES (?1, ?2, ?3)";
inline constexpr std::string_view kEnsurePermissionName =
    "INSERT INTO permission_names (company_id, kind, name) VALUES (?1, ?2, ?3)"
    " ON CONFLICT DO NOTHING";
// From the primary key, in its (binary) order.
inline constexpr std::string_view kListPermissionNames =
    "SELECT name FROM permission_names WHERE company_id = ?1 AND kind = ?2 ORDER BY name";
inline constexpr std::string_view kDeletePermissionName =
    "DELETE FROM permission_names WHERE company_id = ?1 AND kind = ?2 AND name = ?3";
// The grants that use a removed name, by its kind: the company's grants from the unique index.
inline constexpr std::string_view kDeleteGrantsWithAction =
    "DELETE FROM permission_grants WHERE company_id = ?1 AND action = ?2";
inline constexpr std::string_view kDeleteGrantsWithFeature =
    "DELETE FROM permission_grants WHERE company_id = ?1 AND feature = ?2";
inline constexpr std::string_view kDeleteGrantsWithScope =
    "DELETE FROM permission_grants WHERE company_id = ?1 AND scope = ?2";
// ?5 user_id, ?6 credential_id and ?11 client_id: the subject again when it is a user, a
// credential or a client, else NULL (see the table's comment in 0007 and 0008).
inline constexpr std::string_view kInsertGrant =
    "INSERT INTO permission_grants (id, company_id, subject_type, subject_id, user_id,"
    " credential_id, feature, scope, action, created_at, client_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
inline constexpr std::string_view kDeleteGrant =
    "DELETE FROM permission_grants WHERE company_id = ?1 AND id = ?2";
// Column order of every grant SELECT; see ReadGrant in permission_repository.cc.
inline constexpr std::string_view kListGrants =
    "SELECT id, company_id, subject_type, subject_id, feature, scope, action, created_at"
    " FROM permission_grants WHERE company_id = ?1 ORDER BY created_at, id";
inline constexpr std::string_view kListSubjectGrants =
    "SELECT id, company_id, subject_type, subject_id, feature, scope, action, created_at"
    " FROM permission_grants WHERE company_id = ?1 AND subject_type = ?2 AND subject_id = ?3"
    " ORDER BY created_at, id";
// One subject's grants on one feature within one scope: an equality prefix of the unique index.
inline constexpr std::string_view kSubjectGrantsFor =
    "SELECT id, company_id, subject_type, subject_id, feature, scope, action, created_at"
    " FROM permission_grants WHERE company_id = ?1 AND subject_type = ?2 AND subject_id = ?3"
    " AND feature = ?4 AND scope = ?5";
inline constexpr std::string_view kDeleteSubjectGrants =
    "DELETE FROM permission_grants WHERE company_id = ?1 AND subject_type = ?2 AND subject_id = ?3";

// --- security events (the audit log) ---
// seq is the rowid (INTEGER PRIMARY KEY): max + 1 on each insert.
inline constexpr std::string_view kInsertSecurityEvent =
    "INSERT INTO security_events (id, user_id, type, at, ip, user_agent, detail, actor_type,"
    " actor_id, company_id, target_type, target_id, outcome)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
// Column order of every event SELECT; see ReadEvent in mfa_repository.cc.
inline constexpr std::string_view kListSecurityEvents =
    "SELECT seq, id, user_id, type, at, ip, user_agent, detail, actor_type, actor_id, company_id,"
    " target_type, target_id, outcome FROM security_events"
    " WHERE user_id = ?1 ORDER BY seq DESC LIMIT ?2";
// List, in three forms that differ in the index they walk, newest first from the cursor ?7 (the
// largest seq when none): a user's events on (user_id, seq), a company's on the partial
// (company_id, seq), all events on the primary key. ?1 user ('' any), ?2 company ('' any), ?3
// type, ?4 actor id ('' any), ?5..?6 the at range, ?8 the limit. A unary + keeps a filter column
// from being taken for the index walked (at's index would lose the seq order).
inline constexpr std::string_view kQueryUserSecurityEvents =
    "SELECT seq, id, user_id, type, at, ip, user_agent, detail, actor_type, actor_id, company_id,"
    " target_type, target_id, outcome FROM security_events"
    " WHERE user_id = ?1 AND seq < ?7 AND (?2 = '' OR +company_id = ?2)"
    " AND (?3 = '' OR type = ?3) AND (?4 = '' OR actor_id = ?4) AND +at >= ?5 AND +at <= ?6"
    " ORDER BY seq DESC LIMIT ?8";
inline constexpr std::string_view kQueryCompanySecurityEvents =
    "SELECT seq, id, user_id, type, at, ip, user_agent, detail, actor_type, actor_id, company_id,"
    " target_type, target_id, outcome FROM security_events"
    " WHERE company_id = ?2 AND company_id <> '' AND seq < ?7 AND (?1 = '' OR +user_id = ?1)"
    " AND (?3 = '' OR type = ?3) AND (?4 = '' OR actor_id = ?4) AND +at >= ?5 AND +at <= ?6"
    " ORDER BY seq DESC LIMIT ?8";
inline constexpr std::string_view kQueryAllSecurityEvents =
    "SELECT seq, id, user_id, type, at, ip, user_agent, detail, actor_type, actor_id, company_id,"
    " target_type, target_id, outcome FROM security_events"
    " WHERE seq < ?7 AND (?1 = '' OR +user_id = ?1) AND (?2 = '' OR +company_id = ?2)"
    " AND (?3 = '' OR type = ?3) AND (?4 = '' OR actor_id = ?4) AND +at >= ?5 AND +at <= ?6"
    " ORDER BY seq DESC LIMIT ?8";
// Retention, from security_events_at.
inline constexpr std::string_view kPurgeSecurityEvents =
    "DELETE FROM security_events WHERE at < ?1";

// --- service clients ---
inline constexpr std::string_view kInsertServiceClient =
    "INSERT INTO service_clients (id, company_id, name, allow_act_as_user, disabled, created_by,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
// Column order of every client SELECT; see ReadClient in service_client_repository.cc.
inline constexpr std::string_view kSelectServiceClient =
    "SELECT id, company_id, name, allow_act_as_user, disabled, created_by, created_at, updated_at"
    " FROM service_clients WHERE id = ?1";
inline constexpr std::string_view kListCompanyServiceClients =
    "SELECT id, company_id, name, allow_act_as_user, disabled, created_by, created_at, updated_at"
    " FROM service_clients WHERE company_id = ?1 ORDER BY created_at, id";
inline constexpr std::string_view kSetServiceClientDisabled =
    "UPDATE service_clients SET disabled = ?2, updated_at = ?3 WHERE id = ?1";
// Its secrets and grants go with it (ON DELETE CASCADE).
inline constexpr std::string_view kDeleteServiceClient =
    "DELETE FROM service_clients WHERE id = ?1";
inline constexpr std::string_view kInsertClientSecret =
    "INSERT INTO client_secrets (id, client_id, secret_hash, created_at) VALUES (?1, ?2, ?3, ?4)";
inline constexpr std::string_view kListClientSecrets =
    "SELECT id, client_id, secret_hash, created_at FROM client_secrets WHERE client_id = ?1"
    " ORDER BY created_at, id";
inline constexpr std::string_view kDeleteClientSecret =
    "DELETE FROM client_secrets WHERE client_id = ?1 AND id = ?2";
// A second revocation keeps the first row.
inline constexpr std::string_view kInsertTokenRevocation =
    "INSERT INTO client_token_revocations (token_id, revoked_at, expires_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT DO NOTHING";
inline constexpr std::string_view kTokenRevoked =
    "SELECT 1 FROM client_token_revocations WHERE token_id = ?1";
inline constexpr std::string_view kPurgeTokenRevocations =
    "DELETE FROM client_token_revocations WHERE expires_at < ?1";

// --- linked identities (single sign-on) ---
// Column order of every identity SELECT; see ReadIdentity in identity_repository.cc.
inline constexpr std::string_view kInsertIdentity =
    "INSERT INTO identities (id, user_id, provider, subject, email, created_at, last_login_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr std::string_view kSelectIdentityBySubject =
    "SELECT id, user_id, provider, subject, email, created_at, last_login_at"
    " FROM identities WHERE provider = ?1 AND subject = ?2";
inline constexpr std::string_view kListUserIdentities =
    "SELECT id, user_id, provider, subject, email, created_at, last_login_at"
    " FROM identities WHERE user_id = ?1 ORDER BY created_at, id";
inline constexpr std::string_view kDeleteIdentity =
    "DELETE FROM identities WHERE id = ?2 AND user_id = ?1";
inline constexpr std::string_view kRecordIdentityLogin =
    "UPDATE identities SET last_login_at = ?2 WHERE id = ?1";

}  // namespace portcullis::store::sqlite::sql
