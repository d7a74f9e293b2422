-- POST /v1/auth/refresh where every request presents a refresh token that was never used before.
--
-- A refresh token can be spent once, so the script chains them: the file $BENCH_TOKENS holds one
-- fresh refresh token per line (one per session, made by logging in before the run). setup() deals
-- them out to the wrk threads; each thread keeps a FIFO queue, pops one token per request and
-- pushes the refresh_token of every 200 answer. wrk calls response() for a connection before it
-- builds that connection's next request, so with at least (connections per thread) tokens per
-- thread the queue never runs dry while the answers are 200. When it does run dry (non-200
-- answers lose tokens) the request goes out with a dummy token and counts as non-2xx;
-- done() reports how often that happened.
local threads = {}
local all = nil

local function load_tokens()
  all = {}
  local path = os.getenv("BENCH_TOKENS")
  if not path then error("BENCH_TOKENS (file of refresh tokens) is not set") end
  for line in io.lines(path) do
    if line ~= "" then all[#all + 1] = line end
  end
end

function setup(thread)
  if not all then load_tokens() end
  local n = tonumber(os.getenv("WRK_THREADS") or "2")
  local id = #threads + 1
  threads[id] = thread
  local mine = {}
  for i = id, #all, n do mine[#mine + 1] = all[i] end
  thread:set("seed", table.concat(mine, " "))
  thread:set("dry", 0)
end

local queue, head, tail

function init(args)
  queue, head, tail = {}, 1, 0
  for t in string.gmatch(seed or "", "%S+") do
    tail = tail + 1
    queue[tail] = t
  end
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  local tok = "dummy-token-queue-ran-dry"
  if queue and head <= tail then
    tok = queue[head]
    queue[head] = nil
    head = head + 1
  elseif queue then
    dry = dry + 1
  end
  return wrk.format("POST", "/v1/auth/refresh", headers, '{"refresh_token":"' .. tok .. '"}')
end

function response(status, hdrs, body)
  if status == 200 then
    local t = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if t then
      tail = tail + 1
      queue[tail] = t
    end
  end
end

function done(summary, latency, requests)
  local dry = 0
  for _, t in ipairs(threads) do dry = dry + (t:get("dry") or 0) end
  io.write(string.format("refresh.lua: token queue ran dry %d times\n", dry))
end
