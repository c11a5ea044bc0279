#!lua flags=no-writes
-- get.lua: one task record with the score of its state's container.
-- KEYS: the queue's key set (lib.lua); reads tasks and the task's state container.
-- ARGV: 1 clock, 2 window, 3 id
-- Returns: {record, score} (score 0 for PENDING), or nil when there is no such task (or only its
--   tombstone).
-- Invariant: read-only.
local raw = redis.call('HGET', K_TASKS, ARGV[3])
if not raw then return nil end
local r = cmsgpack.unpack(raw)
if #r ~= RECORD_FIELDS then return nil end -- a tombstone
local score = 0
if r[F_STATE] ~= PENDING then
  score = tonumber(redis.call('ZSCORE', ZSET_OF[r[F_STATE]], member(r[F_SEQ], ARGV[3])))
end
return { raw, score }
