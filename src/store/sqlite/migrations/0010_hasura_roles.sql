-- 0010_hasura_roles: each account's Hasura roles (x-hasura-default-role, x-hasura-allowed-roles).
-- Applied once inside the migration transaction; never edit after release, add a new file.

-- default_role: '' means the instance's default_user_role. allowed_roles: a JSON array of strings
-- ('[]' means the instance's default_allowed_user_roles), written and read by core's
-- JsonStringArray / ParseJsonStringArray. Existing accounts get the instance defaults.
ALTER TABLE users ADD COLUMN default_role TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN allowed_roles TEXT NOT NULL DEFAULT '[]';
