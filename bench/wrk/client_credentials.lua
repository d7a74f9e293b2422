-- POST /v1/oauth/token, grant_type=client_credentials with HTTP Basic (env BENCH_CLIENT_BASIC: the
-- base64 of "client_id:client_secret"): one client read, two keyed hashes and one JWT signature.
wrk.method = "POST"
wrk.path   = "/v1/oauth/token"
wrk.body   = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. (os.getenv("BENCH_CLIENT_BASIC") or "missing")
