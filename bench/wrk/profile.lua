-- GET /v1/me/profile with a Bearer access token (env BENCH_ACCESS): JWT verification + a user read.
wrk.method = "GET"
wrk.path   = "/v1/me/profile"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_ACCESS") or "missing-token")
