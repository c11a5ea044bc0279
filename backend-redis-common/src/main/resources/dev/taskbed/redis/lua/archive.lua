#!lua flags=allow-oom
-- archive.lua: archives tasks from their worker (kind ARCHIVE): retries exhausted, SkipRetry, no
-- handler.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, active, archived.
-- ARGV: 1 clock, 2 window, then per token: id, claimSequence, nonce,
--   error ("" none, else "+" .. message), countAttempt (1|0)
-- Returns: one status per token (OK, ALREADY_APPLIED, LEASE_LOST).
-- Invariant: only the holder of the live lease changes the task; it leaves `active` and enters
--   `archived` scored by now. The uniqueness lock is kept until it expires.
local out, changed = {}, false
for i = 3, #ARGV, 5 do
  local id = ARGV[i]
  local r, status = check_ack(id, tonumber(ARGV[i + 1]), ARGV[i + 2], ACK_ARCHIVE)
  if r then
    changed = true
    detach(id, r)
    record_failure(r, error_arg(ARGV[i + 3]), ARGV[i + 4] == '1')
    attach(id, r, ARCHIVED, NOW)
    save(id, r)
  end
  out[#out + 1] = status
end
if changed then touch() end
return out
