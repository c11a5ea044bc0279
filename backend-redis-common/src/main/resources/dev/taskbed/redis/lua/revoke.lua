#!lua flags=allow-oom
-- revoke.lua: drops tasks whose handler revoked them (kind REVOKE), regardless of retention.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, active, tombs, uniq, expiry.
-- ARGV: 1 clock, 2 window, then per token: id, claimSequence, nonce
-- Returns: one status per token (OK, ALREADY_APPLIED, LEASE_LOST).
-- Invariant: as complete.lua; the task is always removed and leaves a tombstone.
local out, changed = {}, false
for i = 3, #ARGV, 3 do
  local id = ARGV[i]
  local r, status = check_ack(id, tonumber(ARGV[i + 1]), ARGV[i + 2], ACK_REVOKE)
  if r then
    changed = true
    release_lock(id, r)
    detach(id, r)
    bury(id, r)
  end
  out[#out + 1] = status
end
if changed then
  touch()
  gc(2)
end
return out
