#!lua flags=no-writes
-- next_due.lua: the millisUntilNextDue part of a claim for a queue the claim did not visit
-- (it was already full).
-- KEYS: the queue's key set (lib.lua); reads meta, scheduled, retry.
-- ARGV: 1 clock, 2 window
-- Returns: milliseconds until the earliest SCHEDULED/RETRY task is due, 0 if one is, -1 if none
--   or the queue is paused.
-- Invariant: read-only.
return millis_until_next_due()
