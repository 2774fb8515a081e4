-- Shared by put-item.lua, get-item.lua and query.lua: DynamoDB JSON 1.0 request framing, the benchmark item's
-- shape (bench/lib/item.mjs builds the same item for the prefill; keep the two in step) and a
-- machine-readable summary for bench/run.mjs.
local M = {}

-- No server under test verifies signatures, but dynalite insists on a well-formed SigV4 header, and a
-- realistic one keeps the header bytes per request close to what the AWS SDK sends.
M.headers = {
  ["Content-Type"] = "application/x-amz-json-1.0",
  ["X-Amz-Date"] = "20260101T000000Z",
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK0000/20260101/us-east-1/dynamodb/aws4_request, "
    .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
    .. "Signature=3f1c9a7e5b2d4c6e8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f",
}

local BIO = "Benchmark item for Eddy: a few attributes of mixed types, about two hundred bytes in all, "
  .. "so that request parsing and storage do real work."

function M.target(operation)
  M.headers["X-Amz-Target"] = "DynamoDB_20120810." .. operation
end

function M.item_json(key, n)
  return '{"pk":{"S":"' .. key .. '"},'
    .. '"name":{"S":"Bench User ' .. n .. '"},'
    .. '"email":{"S":"user' .. n .. '@example.com"},'
    .. '"age":{"N":"' .. (n % 90 + 10) .. '"},'
    .. '"active":{"BOOL":' .. (n % 2 == 0 and "true" or "false") .. '},'
    .. '"bio":{"S":"' .. BIO .. '"}}'
end

function M.request(body)
  return wrk.format("POST", "/", M.headers, body)
end

-- Gives every wrk thread its own id (threads run separate Lua states, so a key counter alone would repeat).
local next_thread_id = 0
function M.setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

-- One JSON line after wrk's own summary; bench/run.mjs reads it. Times are in microseconds.
function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"durationUs":%d,"requests":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latencyUs":{"min":%d,"mean":%.1f,"stdev":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end

return M
