-- wrk script: PutEvents of 10 entries on every request (AWS JSON 1.1, as the SDKs send it).
-- Usage: wrk ... URL -s bench/wrk/put-events.lua -- BUS RULES
-- Entry k of the run has source `bench.service-<k mod RULES>`, so with bench/bus-events.mjs's rules each
-- event matches exactly one rule.
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local common = dofile(dir .. "common.lua")

local bus, rules
local counter = 0
local DETAIL = '{\\"orderId\\":\\"ord-000000\\",\\"customer\\":\\"OID#42\\",\\"total\\":129.5,'
  .. '\\"items\\":[{\\"sku\\":\\"A-1\\",\\"qty\\":2},{\\"sku\\":\\"B-7\\",\\"qty\\":1}]}'

local headers = {
  ["Content-Type"] = "application/x-amz-json-1.1",
  ["X-Amz-Target"] = "AWSEvents.PutEvents",
  ["X-Amz-Date"] = common.headers["X-Amz-Date"],
  ["Authorization"] = (common.headers["Authorization"]:gsub("/dynamodb/", "/events/")),
}

setup = common.setup
done = common.done

function init(args)
  bus = args[1] or "bench"
  rules = tonumber(args[2] or "100")
  counter = thread_id * 7919
end

function request()
  local entries = {}
  for i = 1, 10 do
    counter = counter + 1
    entries[i] = '{"EventBusName":"' .. bus .. '","Source":"bench.service-' .. (counter % rules)
      .. '","DetailType":"OrderPlaced","Detail":"' .. DETAIL .. '"}'
  end
  return wrk.format("POST", "/", headers, '{"Entries":[' .. table.concat(entries, ",") .. ']}')
end
