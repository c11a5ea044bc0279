#!lua flags=allow-oom
-- requeue.lua: gives tasks back to the head of PENDING (kind REQUEUE), e.g. at shutdown.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, active, pending.
-- ARGV: 1 clock, 2 window, then per token: id, claimSequence, nonce
-- Returns: one status per token (OK, ALREADY_APPLIED, LEASE_LOST).
-- Invariant: only the holder of the live lease changes the task; attempts are unchanged.
local out, changed = {}, false
for i = 3, #ARGV, 3 do
  local id = ARGV[i]
  local r, status = check_ack(id, tonumber(ARGV[i + 1]), ARGV[i + 2], ACK_REQUEUE)
  if r then
    changed = true
    detach(id, r)
    attach_pending(id, r, true)
    save(id, r)
  end
  out[#out + 1] = status
end
if changed then touch() end
return out
