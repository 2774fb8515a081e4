-- wrk script: Query of a random partition of the Query table, the first page of sort keys that begin
-- with SORT_PREFIX (begins_with), LIMIT items (bench/lib/query-table.mjs writes the partitions).
-- Usage: wrk ... URL -s bench/wrk/query.lua -- TABLE PARTITION_PREFIX PARTITIONS SORT_PREFIX LIMIT
local dir = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local common = dofile(dir .. "common.lua")

local body_head, body_tail, partition_prefix, partitions

setup = common.setup
done = common.done

function init(args)
  local table_name = args[1] or "bench_q"
  partition_prefix = args[2] or "p-"
  partitions = tonumber(args[3] or "200")
  local sort_prefix = args[4] or "item-"
  local limit = args[5] or "10"
  body_head = '{"TableName":"' .. table_name .. '",'
    .. '"KeyConditionExpression":"pk = :p AND begins_with(sk, :s)",'
    .. '"ExpressionAttributeValues":{":p":{"S":"'
  body_tail = '"},":s":{"S":"' .. sort_prefix .. '"}},"Limit":' .. limit .. '}'
  math.randomseed(2000 + thread_id)
  common.target("Query")
end

function request()
  return common.request(body_head .. partition_prefix .. math.random(0, partitions - 1) .. body_tail)
end
