-- wrk script: PutItem of a new item on every request.
-- Usage: wrk ... URL -s bench/wrk/put-item.lua -- TABLE KEY_PREFIX
-- Keys are KEY_PREFIX .. thread id .. "-" .. counter, so no two requests of a run write the same item.
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local common = dofile(dir .. "common.lua")

local table_name, key_prefix
local counter = 0

setup = common.setup
done = common.done

function init(args)
  table_name = args[1] or "bench"
  key_prefix = (args[2] or "item-") .. thread_id .. "-"
  common.target("PutItem")
end

function request()
  counter = counter + 1
  local body = '{"TableName":"' .. table_name .. '","Item":' .. common.item_json(key_prefix .. counter, counter) .. '}'
  return common.request(body)
end
