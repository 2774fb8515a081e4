-- wrk script: GetItem of a random item among those the prefill wrote (KEY_PREFIX .. 0 .. ITEMS-1).
-- Usage: wrk ... URL -s bench/wrk/get-item.lua -- TABLE KEY_PREFIX ITEMS
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local common = dofile(dir .. "common.lua")

local table_name, key_prefix, items

setup = common.setup
done = common.done

function init(args)
  table_name = args[1] or "bench"
  key_prefix = args[2] or "user-"
  items = tonumber(args[3] or "10000")
  math.randomseed(1000 + thread_id)
  common.target("GetItem")
end

function request()
  local key = key_prefix .. math.random(0, items - 1)
  return common.request('{"TableName":"' .. table_name .. '","Key":{"pk":{"S":"' .. key .. '"}}}')
end
