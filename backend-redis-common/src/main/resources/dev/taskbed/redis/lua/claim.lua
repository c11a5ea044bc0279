#!lua flags=allow-oom
-- claim.lua: one queue's part of a claim. Replays a remembered claim, or takes tasks from the head
-- of PENDING and then due SCHEDULED/RETRY tasks in (dueAt, admission) order, up to maxTasks.
-- replayOnly is the first pass of a replayed claim (Broker#claim): it returns every live lease of
-- the remembered claim, however many, and never claims anything new.
--
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, pending, scheduled, retry, active,
--   claims, expiry (and tombs, uniq through the bounded clean-up).
-- ARGV: 1 clock, 2 window, 3 requestId, 4 maxTasks, 5 leaseMillis, 6 replayOnly (optional: "1")
-- Returns: {remembered (0|1), millisUntilNextDue (-1 none), then per lease: id, record, leaseExpiresAt}
--   remembered = 1 when an unexpired claim record under requestId exists here.
-- Invariant: every ACTIVE task has exactly one entry in `active` scored by its lease expiry, and
--   its claim sequence grew by one with this claim, so tokens of earlier claims stop matching.
--   A request id is remembered until its leases' expiry so a lost reply can be replayed.
local rid, max, lease = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local replay_only = ARGV[6] == '1'
local out = { 0, -1 }
local count = 0
local previous = redis.call('HGET', K_CLAIMS, rid)
previous = previous and cmsgpack.unpack(previous)
if previous and NOW < previous[1] then
  out[1] = 1
  for j = 2, #previous, 2 do
    if count >= max and not replay_only then break end
    local id, cseq = previous[j], previous[j + 1]
    local raw = redis.call('HGET', K_TASKS, id)
    if raw then
      local r = cmsgpack.unpack(raw)
      if r[F_STATE] == ACTIVE and r[F_CLAIM_SEQ] == cseq then
        local expires = tonumber(redis.call('ZSCORE', K_ACTIVE, member(r[F_SEQ], id)))
        if expires and NOW < expires then
          out[#out + 1], out[#out + 2], out[#out + 3] = id, raw, expires
          count = count + 1
        end
      end
    end
  end
  touch() -- liveness was judged by NOW: keep this queue's time from going back behind it
elseif not replay_only and redis.call('HGET', K_META, 'paused') ~= '1' then
  local expires = NOW + lease
  local remembered = { expires }
  while count < max do
    local id = redis.call('LPOP', K_PENDING)
    if not id then
      local key, m, due = earliest_delayed()
      if not key or due > NOW then break end
      redis.call('ZREM', key, m)
      id = string.sub(m, 13)
    end
    local r = load(id)
    if r then
      r[F_CLAIM_SEQ] = r[F_CLAIM_SEQ] + 1
      r[F_STATE] = ACTIVE
      redis.call('ZADD', K_ACTIVE, s(expires), member(r[F_SEQ], id))
      out[#out + 1], out[#out + 2], out[#out + 3] = id, save(id, r), expires
      remembered[#remembered + 1] = id
      remembered[#remembered + 1] = r[F_CLAIM_SEQ]
      count = count + 1
    end
  end
  if count > 0 then
    redis.call('HSET', K_CLAIMS, rid, cmsgpack.pack(remembered))
    redis.call('ZADD', K_EXPIRY, s(expires), 'c' .. rid)
    touch()
    gc(2)
  end
end
out[2] = millis_until_next_due()
return out
