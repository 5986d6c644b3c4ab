-- POST /api/v1/orders with a payment method: one checkout (place and pay) per request.
-- bench/checkout.py writes the setup file and runs this; by hand:
--   BENCH_CHECKOUT_FILE=setup.txt BENCH_CHECKOUT_MODE=spread BENCH_CHECKOUT_OUT=out.tsv \
--   BENCH_RUN_TAG=r1 BENCH_LUA_DIR=../shared/bench/lua \
--   wrk -t1 -c32 -d10s --timeout 10s -s bench/lua/checkout.lua http://127.0.0.1:8102/api/v1/orders
--
-- Setup file, one item a line: "customer <access token> <payment method id>",
-- "product <id>" (the spread: 1 or 2 lines of 1 or 2 units each), "hot <id>" (the hot
-- product: every order is 1 unit of it). Customers take turns, request by request.
-- BENCH_CHECKOUT_MODE: "spread" or "hot". BENCH_RUN_TAG makes the Idempotency-Keys unique.
-- Every response is written to BENCH_CHECKOUT_OUT as one tab-separated line:
--   status, order status (201) or problem code, order id, the time the order was paid.
local setup_path = os.getenv("BENCH_CHECKOUT_FILE")
local mode = os.getenv("BENCH_CHECKOUT_MODE") or "spread"
local out_path = os.getenv("BENCH_CHECKOUT_OUT")
local tag = os.getenv("BENCH_RUN_TAG") or tostring(os.time())
if not setup_path or not out_path then error("set BENCH_CHECKOUT_FILE and BENCH_CHECKOUT_OUT") end
if mode ~= "spread" and mode ~= "hot" then error("BENCH_CHECKOUT_MODE: spread or hot") end

local customers, products, hot = {}, {}, nil
for line in io.lines(setup_path) do
  local kind, a, b = line:match("^(%S+)%s+(%S+)%s*(%S*)$")
  if kind == "customer" then
    customers[#customers + 1] = { token = a, method = b }
  elseif kind == "product" then
    products[#products + 1] = a
  elseif kind == "hot" then
    hot = a
  end
end
if #customers == 0 then error("no customers in " .. setup_path) end
if mode == "spread" and #products < 2 then error("the spread needs 2 products or more") end
if mode == "hot" and not hot then error("no hot product in " .. setup_path) end

local counter = 0
local out = nil
math.randomseed(os.time())

local function line_json(product_id, quantity)
  return '{"product_id":"' .. product_id .. '","quantity":' .. quantity .. "}"
end

local function lines_json()
  if mode == "hot" then
    return line_json(hot, 1)
  end
  local first = math.random(#products)
  local body = line_json(products[first], math.random(2))
  if math.random(2) == 2 then
    local second = math.random(#products - 1)
    if second >= first then second = second + 1 end -- never the same product twice
    body = body .. "," .. line_json(products[second], math.random(2))
  end
  return body
end

function request()
  counter = counter + 1
  local customer = customers[(counter - 1) % #customers + 1]
  local body = '{"lines":[' .. lines_json() .. '],"payment_method_id":"' .. customer.method .. '"}'
  local headers = {
    ["Authorization"] = "Bearer " .. customer.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. tag .. "-" .. counter,
  }
  return wrk.format("POST", wrk.path, headers, body)
end

function response(status, headers, body)
  if not out then
    out = assert(io.open(out_path, "a"))
    out:setvbuf("line")
  end
  if status == 201 then
    local order_id = body:match('"id":"([%x%-]+)"') or ""
    local order_status = body:match('"status":"([%w_%-]+)"') or ""
    local paid_at = body:match('"to":"paid","at":"([^"]+)"') or ""
    out:write(status, "\t", order_status, "\t", order_id, "\t", paid_at, "\n")
  else
    local code = body:match('"code":"([^"]+)"') or ""
    out:write(status, "\t", code, "\t\t\n")
  end
end

dofile((os.getenv("BENCH_LUA_DIR") or "../shared/bench/lua") .. "/report.inc.lua")
