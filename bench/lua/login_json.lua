-- POST a JSON login body {email, password} (what hexashop's /api/v1/auth/login takes).
--   BENCH_USER=bench@example.com BENCH_PASSWORD=... BENCH_LUA_DIR=../shared/bench/lua \
--   wrk -t1 -c32 -d10s --timeout 10s -s bench/lua/login_json.lua http://127.0.0.1:8101/api/v1/auth/login
local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end
local user, password = os.getenv("BENCH_USER"), os.getenv("BENCH_PASSWORD")
if not user or not password then error("set BENCH_USER and BENCH_PASSWORD") end
wrk.method = "POST"
wrk.body = '{"email":' .. json_string(user) .. ',"password":' .. json_string(password) .. '}'
wrk.headers["Content-Type"] = "application/json"
dofile((os.getenv("BENCH_LUA_DIR") or "../shared/bench/lua") .. "/report.inc.lua")
