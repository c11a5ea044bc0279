#!lua flags=allow-oom
-- run_now.lua: admin "run now": a SCHEDULED, RETRY or ARCHIVED task becomes PENDING at the tail;
-- an ARCHIVED task's attempts reset to 0.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, pending, expiry and the task's
--   container.
-- ARGV: 1 clock, 2 window, 3 id, 4 adminRequestId (a resend gets the first answer: admin_once)
-- Returns: 0 done, -1 no such task, or the state code that refused it (ACTIVE, PENDING, COMPLETED).
-- Invariant: the task moves between containers in one step; attempts are not counted.
local id = ARGV[3]
return admin_once(ARGV[4], function()
  local r = load(id)
  if not r then return -1 end
  local st = r[F_STATE]
  if st == ACTIVE or st == PENDING or st == COMPLETED then return st end
  detach(id, r)
  if st == ARCHIVED then r[F_ATTEMPTS] = 0 end
  attach_pending(id, r, false)
  save(id, r)
  touch()
  wake()
  return 0
end)
