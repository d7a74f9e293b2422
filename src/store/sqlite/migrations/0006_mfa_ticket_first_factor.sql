-- 0006_mfa_ticket_first_factor: an MFA login ticket remembers the first factor that earned it
-- ("pwd" for a password, "email" for a magic link or activation), so the session's amr says so.
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- Tickets issued before this migration all followed a password.
ALTER TABLE mfa_tickets ADD COLUMN first_factor TEXT NOT NULL DEFAULT 'pwd';
