#!lua flags=allow-oom
-- complete.lua: acks successful attempts (kind COMPLETE) of one queue; many tokens per call so
-- concurrent completions share a round trip.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, active, completed, tombs, uniq, expiry.
-- ARGV: 1 clock, 2 window, then per token: id, claimSequence, nonce
-- Returns: one status per token (OK, ALREADY_APPLIED, LEASE_LOST).
-- Invariant: only the holder of the live lease changes the task (fencing); the uniqueness lock is
--   released; with retention the task becomes COMPLETED until completedAt + retention, otherwise
--   it is removed and leaves a tombstone that answers repeats of this ack for the window.
local out, changed = {}, false
for i = 3, #ARGV, 3 do
  local id = ARGV[i]
  local r, status = check_ack(id, tonumber(ARGV[i + 1]), ARGV[i + 2], ACK_COMPLETE)
  if r then
    changed = true
    release_lock(id, r)
    detach(id, r)
    if r[F_RETENTION] > 0 then
      attach(id, r, COMPLETED, NOW + r[F_RETENTION])
      save(id, r)
    else
      bury(id, r)
    end
  end
  out[#out + 1] = status
end
if changed then
  touch()
  gc(2)
end
return out
