#!lua flags=allow-oom
-- admin_archive.lua: admin archive of a PENDING, SCHEDULED or RETRY task, at now, without counting
-- an attempt.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, archived, expiry and the task's
--   container.
-- ARGV: 1 clock, 2 window, 3 id, 4 adminRequestId (a resend gets the first answer: admin_once)
-- Returns: 0 done, -1 no such task, or the state code that refused it (ACTIVE, ARCHIVED, COMPLETED).
-- Invariant: the task moves between containers in one step. Archiving a PENDING task is
--   O(pending) (LREM); admin only.
local id = ARGV[3]
return admin_once(ARGV[4], function()
  local r = load(id)
  if not r then return -1 end
  local st = r[F_STATE]
  if st == ACTIVE or st == ARCHIVED or st == COMPLETED then return st end
  detach(id, r)
  attach(id, r, ARCHIVED, NOW)
  save(id, r)
  touch()
  return 0
end)
