-- POST /v1/auth/login with JSON credentials (env BENCH_EMAIL / BENCH_PASSWORD).
-- Every request hashes a password (Argon2id at the server's cost): this measures the hashing pool.
local email = os.getenv("BENCH_EMAIL") or "bench@example.com"
local pass  = os.getenv("BENCH_PASSWORD") or "correct horse battery staple"
wrk.method = "POST"
wrk.path   = "/v1/auth/login"
wrk.body   = '{"email":"' .. email .. '","password":"' .. pass .. '"}'
wrk.headers["Content-Type"] = "application/json"
