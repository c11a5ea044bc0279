#!lua flags=allow-oom
-- retry.lua: schedules another attempt (kind RETRY).
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, active, retry.
-- ARGV: 1 clock, 2 window, then per token: id, claimSequence, nonce, delayMillis,
--   error ("" none, else "+" .. message), countAttempt (1|0)
-- Returns: one status per token (OK, ALREADY_APPLIED, LEASE_LOST).
-- Invariant: only the holder of the live lease changes the task; it leaves `active` and enters
--   `retry` scored by now + delay, so it is never claimed before its backoff ends.
local out, changed, wake_needed = {}, false, false
for i = 3, #ARGV, 6 do
  local id = ARGV[i]
  local r, status = check_ack(id, tonumber(ARGV[i + 1]), ARGV[i + 2], ACK_RETRY)
  if r then
    changed = true
    detach(id, r)
    record_failure(r, error_arg(ARGV[i + 4]), ARGV[i + 5] == '1')
    if attach(id, r, RETRY, NOW + math.max(0, tonumber(ARGV[i + 3]))) == 0 then wake_needed = true end
    save(id, r)
  end
  out[#out + 1] = status
end
if changed then touch() end
if wake_needed then wake() end
return out
