-- GET the URL given on the command line, no auth, each connection waiting BENCH_DELAY_MS
-- (default 10) before each request: a light probe of latency, not a load of its own.
--   BENCH_LUA_DIR=../shared/bench/lua wrk -t1 -c2 -d10s -s bench/lua/probe_get.lua http://127.0.0.1:8101/healthz
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "10")
function delay()
  return delay_ms
end
dofile((os.getenv("BENCH_LUA_DIR") or "../shared/bench/lua") .. "/report.inc.lua")
