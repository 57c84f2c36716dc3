-- make bench's "mixed" phase: each connection walks a list of paths (one a line,
-- drawn Zipf-like from thousands of real URLs by .ci/bench.py) from its own offset,
-- and counts the page cache's answers (X-Page-Cache: hit / miss / none).
-- Usage: wrk -s .ci/wrk_mixed.lua http://host:port -- /path/to/paths.txt [offset]
-- (a later phase passes the offset where the earlier one stopped, so that it reads
-- on through the sequence instead of replaying what the earlier phase cached).
local paths = {}
local position = 1
hits, misses, others = 0, 0, 0  -- globals: done() reads them with thread:get
local threads = {}

setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

init = function(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  position = ((tonumber(args[2]) or 0) + id * 7919) % #paths + 1
end

request = function()
  local path = paths[position]
  position = position % #paths + 1
  return wrk.format("GET", path)
end

response = function(status, headers, body)
  local state = headers["X-Page-Cache"]
  if state == "hit" then
    hits = hits + 1
  elseif state == "miss" then
    misses = misses + 1
  else
    others = others + 1
  end
end

done = function(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("others")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "errors": %d, "non_2xx": %d, "rps": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "hits": %d, "misses": %d, "uncached": %d}\n',
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    h, m, o))
end
