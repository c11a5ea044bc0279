#!lua flags=no-writes
-- list.lua: one page of the tasks in one state, in that state's total order.
-- KEYS: the queue's key set (lib.lua); reads tasks and the state's container.
-- ARGV: 1 clock, 2 window, 3 state (a state code), 4 offset, 5 limit
-- Returns: {hasMore (0|1), then per task: id, record, score (0 for PENDING)}
-- Invariant: read-only; at most limit + 1 container entries are read.
local state, offset, limit = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local out = { 0 }
local entries = {}
if state == PENDING then
  for _, id in ipairs(redis.call('LRANGE', K_PENDING, offset, offset + limit)) do
    entries[#entries + 1] = { id, 0 }
  end
else
  local z = redis.call('ZRANGE', ZSET_OF[state], offset, offset + limit, 'WITHSCORES')
  for j = 1, #z, 2 do
    entries[#entries + 1] = { string.sub(z[j], 13), tonumber(z[j + 1]) }
  end
end
for j, e in ipairs(entries) do
  if j > limit then
    out[1] = 1
    break
  end
  local raw = redis.call('HGET', K_TASKS, e[1])
  if raw then
    out[#out + 1], out[#out + 2], out[#out + 3] = e[1], raw, e[2]
  end
end
return out
