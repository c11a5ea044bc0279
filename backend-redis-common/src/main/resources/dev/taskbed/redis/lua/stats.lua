#!lua flags=no-writes
-- stats.lua: task counts of one queue by state, read atomically.
-- KEYS: the queue's key set (lib.lua); reads meta and every state container.
-- ARGV: 1 clock, 2 window
-- Returns: {pending, active, scheduled, retry, archived, completed, paused (0|1)}
-- Invariant: read-only.
return { redis.call('LLEN', K_PENDING), redis.call('ZCARD', K_ACTIVE), redis.call('ZCARD', K_SCHED),
  redis.call('ZCARD', K_RETRY), redis.call('ZCARD', K_ARCHIVED), redis.call('ZCARD', K_COMPLETED),
  redis.call('HGET', K_META, 'paused') == '1' and 1 or 0 }
