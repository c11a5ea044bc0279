#!lua
-- enqueue.lua: creates tasks in one queue, in argument order (a single enqueue is a batch of one).
-- No allow-oom flag on purpose: when Redis is at maxmemory the whole call is refused with OOM
-- before it runs, so the client can report BrokerFullException (nothing was applied).
--
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, pending, scheduled, tombs, uniq, expiry.
-- ARGV: 1 clock, 2 window, then per task (ENQUEUE_ARGS values, read at offsets A_*): id, type,
--   payload, headers (opaque, "" for none), maxRetry, delayMs, processAtMs (0 none), timeoutMs,
--   deadlineMs, retentionMs, uniqueKey ("" none), uniqueForMs, contentHash, nonce
-- Returns: two integers per task: outcome (CREATED, EXISTING, ID_CONFLICT, DUPLICATE) and
--   the task's state code after the call (0 when it has none: conflict, duplicate, tombstone).
-- Invariant: a task id exists at most once per queue, as a record or a tombstone (a new record
--   overwrites an expired tombstone in place); a created
--   task is in exactly one container (PENDING list or SCHEDULED set) and gets the next admission
--   sequence; a uniqueness lock in effect is held by exactly one (id, content hash).
local out = {}
local adm = nil
local wake_needed = false
for i = 3, #ARGV, ENQUEUE_ARGS do
  local id, hash = ARGV[i + A_ID], ARGV[i + A_CONTENT_HASH]
  local outcome, state = nil, 0
  local existing, t = lookup(id)
  if existing then
    if existing[F_HASH] == hash then
      outcome, state = EXISTING, existing[F_STATE]
    else
      outcome = ID_CONFLICT
    end
  elseif t then
    if t[T_HASH] == hash then outcome = EXISTING else outcome = ID_CONFLICT end
  end
  local ukey = ARGV[i + A_UNIQUE_KEY]
  if not outcome and ukey ~= '' then
    local raw = redis.call('HGET', K_UNIQ, ukey)
    if raw then
      local l = cmsgpack.unpack(raw)
      if NOW < l[3] and not (l[1] == id and l[2] == hash) then outcome = DUPLICATE end
    end
  end
  if not outcome then
    adm = (adm or tonumber(redis.call('HGET', K_META, 'adm') or '0')) + 1
    local due = math.max(NOW + tonumber(ARGV[i + A_DELAY]), tonumber(ARGV[i + A_PROCESS_AT]))
    local r = new_record(i, adm, NOW)
    if due <= NOW then
      attach_pending(id, r, false)
    elseif attach(id, r, SCHEDULED, due) == 0 then
      -- the new task is the next one due: a sleeping worker should re-read its wait time
      wake_needed = true
    end
    if ukey ~= '' then
      local until_ = due + tonumber(ARGV[i + A_UNIQUE_FOR])
      redis.call('HSET', K_UNIQ, ukey, cmsgpack.pack({ id, hash, until_ }))
      redis.call('ZADD', K_EXPIRY, s(until_), 'u' .. ukey)
    end
    save(id, r)
    outcome, state = CREATED, r[F_STATE]
  end
  out[#out + 1] = outcome
  out[#out + 1] = state
end
if adm then
  redis.call('HSET', K_META, 'adm', s(adm))
  touch()
  gc(2)
end
if wake_needed then wake() end
return out
