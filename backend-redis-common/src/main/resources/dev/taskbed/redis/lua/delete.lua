#!lua flags=allow-oom
-- delete.lua: admin delete of a task in any state but ACTIVE.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, the task's container, tombs, uniq,
--   expiry.
-- ARGV: 1 clock, 2 window, 3 id, 4 adminRequestId (a resend gets the first answer: admin_once)
-- Returns: 0 deleted, -1 no such task, or the state code that refused it (ACTIVE).
-- Invariant: removal leaves a tombstone and releases the uniqueness lock. Deleting a PENDING task
--   is O(pending) (LREM); admin only.
local id = ARGV[3]
return admin_once(ARGV[4], function()
  local r = load(id)
  if not r then return -1 end
  if r[F_STATE] == ACTIVE then return ACTIVE end
  release_lock(id, r)
  detach(id, r)
  bury(id, r)
  touch()
  gc(2)
  return 0
end)
