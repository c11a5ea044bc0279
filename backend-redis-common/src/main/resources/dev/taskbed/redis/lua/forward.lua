#!lua flags=allow-oom
-- forward.lua: moves up to `limit` due SCHEDULED/RETRY tasks, in (dueAt, admission) order, to the
-- tail of PENDING. Runs on paused queues too.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, pending, scheduled, retry.
-- ARGV: 1 clock, 2 window, 3 limit
-- Returns: {moved, hasMore (0|1)}
-- Invariant: a task is never made PENDING before it is due; at most `limit` tasks per call.
local limit = tonumber(ARGV[3])
local moved = 0
while moved < limit do
  local key, m, due = earliest_delayed()
  if not key or due > NOW then break end
  redis.call('ZREM', key, m)
  local id = string.sub(m, 13)
  local r = load(id)
  if r then
    attach_pending(id, r, false)
    save(id, r)
  end
  moved = moved + 1
end
local key, _, due = earliest_delayed()
local more = (key and due <= NOW) and 1 or 0
if moved > 0 then
  touch()
  wake()
end
return { moved, more }
