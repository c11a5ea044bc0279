#!lua flags=allow-oom
-- extend.lua: extends live leases (heartbeat). Never revives an expired lease.
-- KEYS: the queue's key set (lib.lua); touches meta, tasks (read), active.
-- ARGV: 1 clock, 2 window, 3 durationMillis, then per token: id, claimSequence, nonce
-- Returns: one status per token (OK, LEASE_LOST).
-- Invariant: a lease's expiry only grows (max(expiresAt, now + duration)); tokens of other claims
--   or incarnations change nothing. Every call records the high-water mark (touch), refusals too.
local duration = tonumber(ARGV[3])
local out = {}
for i = 4, #ARGV, 3 do
  local id, cseq, nonce = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local status = LEASE_LOST
  local r = load(id)
  if r and r[F_NONCE] == nonce and r[F_STATE] == ACTIVE and r[F_CLAIM_SEQ] == cseq then
    local m = member(r[F_SEQ], id)
    local expires = tonumber(redis.call('ZSCORE', K_ACTIVE, m))
    if expires and NOW < expires then
      if NOW + duration > expires then
        redis.call('ZADD', K_ACTIVE, s(NOW + duration), m)
      end
      status = OK
    end
  end
  out[#out + 1] = status
end
touch()
return out
