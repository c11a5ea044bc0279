#!lua flags=allow-oom
-- recover.lua: recovers up to `limit` ACTIVE tasks whose lease expired, in (leaseExpiresAt,
-- admission) order. Each counts an attempt and records "lease expired"; it is archived when its
-- attempts exceed maxRetry, else it waits in RETRY until now + recoveryDelay.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, active, retry, archived.
-- ARGV: 1 clock, 2 window, 3 limit, 4 recoveryDelayMillis
-- Returns: {recovered, hasMore (0|1)}
-- Invariant: a task leaves `active` only with its lease expired (expiresAt <= now); its claim
--   sequence is kept, so the dead worker's token can never ack it again.
local limit, delay = tonumber(ARGV[3]), math.max(0, tonumber(ARGV[4]))
local recovered = 0
local function head_expired()
  local h = redis.call('ZRANGE', K_ACTIVE, 0, 0, 'WITHSCORES')
  if #h > 0 and tonumber(h[2]) <= NOW then return h[1] end
  return nil
end
while recovered < limit do
  local m = head_expired()
  if not m then break end
  redis.call('ZREM', K_ACTIVE, m)
  local id = string.sub(m, 13)
  local r = load(id)
  if r then
    record_failure(r, 'lease expired', true)
    if r[F_ATTEMPTS] > r[F_MAX_RETRY] then
      attach(id, r, ARCHIVED, NOW)
    else
      attach(id, r, RETRY, NOW + delay)
    end
    save(id, r)
  end
  recovered = recovered + 1
end
if recovered > 0 then
  touch()
  wake()
end
return { recovered, head_expired() and 1 or 0 }
