-- lib.lua: the prelude every Taskbed script shares. The loader inserts it right after each
-- script's shebang line, behind the constants generated from Java (LuaPrelude), so a script file
-- reads as if these locals were declared at its top.
--
-- KEYS (every script, this order; all carry the queue's hash tag, so one queue = one slot):
--    1 meta       HASH  adm (admission counter), hw (time high-water mark), paused ("1")
--    2 tasks      HASH  task id -> record (cmsgpack array of RECORD_FIELDS, fields F_*), or a
--                       tombstone {contentHash, nonce, lastAckSeq, lastAckKind, expiresAt} left by
--                       removal, in effect until expiresAt
--    3 pending    LIST  task ids, head = next to claim
--    4 scheduled  ZSET  score dueAt           member = 12-digit admission seq .. id
--    5 retry      ZSET  score dueAt           member as above
--    6 active     ZSET  score leaseExpiresAt  member as above
--    7 archived   ZSET  score archivedAt      member as above
--    8 completed  ZSET  score completedAt + retention, member as above
--    9 tombs      LIST  "expiresAt:id" per tombstone, in creation order, which is expiry order (the
--                       window is fixed and NOW never goes backwards), so clean-up pops the head
--   10 uniq       HASH  uniqueness key -> lock {holderId, contentHash, until}
--   11 claims     HASH  claim request id -> {expiresAt, id1, claimSeq1, id2, claimSeq2, ...}
--   12 expiry     ZSET  score expiresAt, member "u"..uniqueKey | "c"..requestId | "a"..adminRequestId:
--                       when each lock, claim record and admin answer stops being in effect
-- meta also holds "a:"..adminRequestId -> the answer of an admin call (admin_once below).
-- ARGV (every script): 1 client clock in ms, or "" for Redis server time; 2 idempotency window ms.
-- Each script's header states its whole ARGV in one fixed format, which ScriptArgvTest parses and
-- holds against the Java side (ScriptArgv): a line "-- ARGV: " and the lines after it that start
-- with "--   ", reading "1 name, 2 name, ..." for the fixed arguments, then optionally
-- ", then per <item>: name, name, ..." for a group repeated per item. Text in parentheses is a
-- note; a note starting with "optional" marks an argument that may be left off.
--
-- Members of the ordered sets start with the zero-padded admission sequence, so ties in score
-- order by admission, which is the total order the Broker contract fixes (ZSET ties order by
-- member bytes).
local K_META, K_TASKS, K_PENDING, K_SCHED, K_RETRY, K_ACTIVE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local K_ARCHIVED, K_COMPLETED, K_TOMBS, K_UNIQ, K_CLAIMS, K_EXPIRY = KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12]
local WAKE_CHANNEL = string.sub(K_META, 1, -5) .. 'wake'
local WINDOW = tonumber(ARGV[2])

-- State codes, ack kinds and statuses, enqueue outcomes, the record fields F_* and RECORD_FIELDS,
-- enqueue.lua's argument offsets A_* and new_record are declared in Java and generated ahead of this
-- file (LuaPrelude); they are locals in scope here.
-- tombstone fields (only the scripts read tombstones)
local T_HASH, T_NONCE, T_ACK_SEQ, T_ACK_KIND, T_EXPIRES = 1, 2, 3, 4, 5

local ZSET_OF = { [SCHEDULED] = K_SCHED, [RETRY] = K_RETRY, [ACTIVE] = K_ACTIVE,
  [ARCHIVED] = K_ARCHIVED, [COMPLETED] = K_COMPLETED }

-- Integers travel to Redis as decimal strings: Lua's own number formatting (%.14g) would turn
-- large values into exponent notation.
local function s(n)
  return string.format('%d', n)
end

-- The operation's one `now`: the client's clock when given, else Redis TIME made monotonic per
-- queue by the stored high-water mark HW (a failover to a replica whose clock is behind, or a clock
-- stepped back, must not move time backwards for this queue).
local NOW, SERVER_TIME, HW
if ARGV[1] ~= '' then
  NOW, SERVER_TIME = tonumber(ARGV[1]), false
else
  local t = redis.call('TIME')
  NOW = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  HW = tonumber(redis.call('HGET', K_META, 'hw') or '0')
  if NOW < HW then NOW = HW end
  SERVER_TIME = true
end

-- Records NOW as the high-water mark (a write only when it moved). Called by every script that
-- changed state based on NOW, and by every fencing decision even when it changed nothing (check_ack,
-- extend.lua): a LEASE_LOST answered at NOW must not be contradicted by a later call judged at an
-- earlier now, on this node or on a replica promoted in its place once the mark has reached it.
local function touch()
  if SERVER_TIME and NOW > HW then
    redis.call('HSET', K_META, 'hw', s(NOW))
    HW = NOW
  end
end

local function member(seq, id)
  return string.format('%012d', seq) .. id
end

local function seq_of(m)
  return tonumber(string.sub(m, 1, 12))
end

-- The task record of id, or nil (tombstones are not tasks).
local function load(id)
  local raw = redis.call('HGET', K_TASKS, id)
  if raw then
    local r = cmsgpack.unpack(raw)
    if #r == RECORD_FIELDS then return r end
  end
  return nil
end

-- What id names: (record, nil), (nil, tombstone in effect), or (nil, nil).
local function lookup(id)
  local raw = redis.call('HGET', K_TASKS, id)
  if not raw then return nil, nil end
  local v = cmsgpack.unpack(raw)
  if #v == RECORD_FIELDS then return v, nil end
  if NOW < v[T_EXPIRES] then return nil, v end
  return nil, nil
end

local function save(id, r)
  local packed = cmsgpack.pack(r)
  redis.call('HSET', K_TASKS, id, packed)
  return packed
end

local function wake()
  redis.call('PUBLISH', WAKE_CHANNEL, '1')
end

-- Takes a record out of its state's container (the record itself stays in K_TASKS).
local function detach(id, r)
  if r[F_STATE] == PENDING then
    redis.call('LREM', K_PENDING, 1, id)
  else
    redis.call('ZREM', ZSET_OF[r[F_STATE]], member(r[F_SEQ], id))
  end
end

-- Puts a record into an ordered state container; returns its rank there (0 = first).
local function attach(id, r, state, score)
  r[F_STATE] = state
  local key, m = ZSET_OF[state], member(r[F_SEQ], id)
  redis.call('ZADD', key, s(score), m)
  return redis.call('ZRANK', key, m)
end

-- Appends (or, for a requeue, prepends) to PENDING; wakes idle workers when the list was empty,
-- because only then can a worker be idle on this queue (a busy one claims again by itself).
local function attach_pending(id, r, head)
  r[F_STATE] = PENDING
  local len = redis.call(head and 'LPUSH' or 'RPUSH', K_PENDING, id)
  if len == 1 then wake() end
end

-- The earliest SCHEDULED or RETRY task in (dueAt, admission) order: container key, member, dueAt.
local function earliest_delayed()
  local a = redis.call('ZRANGE', K_SCHED, 0, 0, 'WITHSCORES')
  local b = redis.call('ZRANGE', K_RETRY, 0, 0, 'WITHSCORES')
  if #a == 0 and #b == 0 then return nil end
  if #b == 0 then return K_SCHED, a[1], tonumber(a[2]) end
  if #a == 0 then return K_RETRY, b[1], tonumber(b[2]) end
  local sa, sb = tonumber(a[2]), tonumber(b[2])
  if sa < sb or (sa == sb and seq_of(a[1]) < seq_of(b[1])) then return K_SCHED, a[1], sa end
  return K_RETRY, b[1], sb
end

-- Milliseconds until the earliest delayed task is due (0 if one is), -1 if none or paused.
local function millis_until_next_due()
  if redis.call('HGET', K_META, 'paused') == '1' then return -1 end
  local _, _, due = earliest_delayed()
  if not due then return -1 end
  return math.max(0, due - NOW)
end

-- Replaces a detached record by its tombstone, in effect for the idempotency window. One HSET
-- over the record's own field: removal is the hot end of every task's life.
local function bury(id, r)
  local expires = NOW + WINDOW
  redis.call('HSET', K_TASKS, id, cmsgpack.pack({ r[F_HASH], r[F_NONCE], r[F_ACK_SEQ], r[F_ACK_KIND], expires }))
  redis.call('RPUSH', K_TOMBS, s(expires) .. ':' .. id)
end

-- Drops up to n tombstones and up to n locks and claim records that stopped being in effect.
-- Called with a small n by every script that creates one, so they can never pile up faster than
-- they expire. A tombstones entry whose field was since re-created (or buried again, with a later
-- expiry) is just popped.
local function gc(n)
  local dropped = 0
  for _, e in ipairs(redis.call('LRANGE', K_TOMBS, 0, n - 1)) do
    local colon = string.find(e, ':', 1, true)
    local expires = tonumber(string.sub(e, 1, colon - 1))
    if expires > NOW then break end
    local id = string.sub(e, colon + 1)
    local raw = redis.call('HGET', K_TASKS, id)
    if raw then
      local v = cmsgpack.unpack(raw)
      if #v ~= RECORD_FIELDS and v[T_EXPIRES] == expires then redis.call('HDEL', K_TASKS, id) end
    end
    redis.call('LPOP', K_TOMBS)
    dropped = dropped + 1
  end
  local due = redis.call('ZRANGEBYSCORE', K_EXPIRY, '-inf', s(NOW), 'LIMIT', 0, n)
  for _, m in ipairs(due) do
    local kind = string.sub(m, 1, 1)
    if kind == 'u' then
      redis.call('HDEL', K_UNIQ, string.sub(m, 2))
    elseif kind == 'a' then
      redis.call('HDEL', K_META, 'a:' .. string.sub(m, 2))
    else
      redis.call('HDEL', K_CLAIMS, string.sub(m, 2))
    end
    redis.call('ZREM', K_EXPIRY, m)
  end
  return dropped + #due
end

-- Releases the task's uniqueness lock if this incarnation (id and content hash) holds it.
local function release_lock(id, r)
  local uk = r[F_UNIQUE_KEY]
  if uk == '' then return end
  local raw = redis.call('HGET', K_UNIQ, uk)
  if raw then
    local l = cmsgpack.unpack(raw)
    if l[1] == id and l[2] == r[F_HASH] then
      redis.call('HDEL', K_UNIQ, uk)
      redis.call('ZREM', K_EXPIRY, 'u' .. uk)
    end
  end
end

local function record_failure(r, err, count)
  if count then r[F_ATTEMPTS] = r[F_ATTEMPTS] + 1 end
  if err then
    r[F_ERROR] = err
    r[F_FAILED_AT] = NOW
  end
end

-- Error arguments: "" means none, otherwise the message prefixed with "+".
local function error_arg(a)
  if a == '' then return false end
  return string.sub(a, 2)
end

-- The ack protocol of the Broker contract, in its order: unknown id or other nonce -> LEASE_LOST;
-- same (claim sequence, kind) as the recorded last ack -> ALREADY_APPLIED (also from a live
-- tombstone); live lease -> the record, to be changed by the caller, with the ack recorded.
local function check_ack(id, cseq, nonce, kind)
  touch() -- whatever it answers, it answers at NOW
  local r, t = lookup(id)
  if r then
    if r[F_NONCE] ~= nonce then return nil, LEASE_LOST end
    if r[F_ACK_SEQ] == cseq and r[F_ACK_KIND] == kind then return nil, ALREADY_APPLIED end
    if r[F_STATE] == ACTIVE and r[F_CLAIM_SEQ] == cseq then
      local expires = redis.call('ZSCORE', K_ACTIVE, member(r[F_SEQ], id))
      if expires and NOW < tonumber(expires) then
        r[F_ACK_SEQ], r[F_ACK_KIND] = cseq, kind
        return r, OK
      end
    end
    return nil, LEASE_LOST
  end
  if t and t[T_NONCE] == nonce and t[T_ACK_SEQ] == cseq and t[T_ACK_KIND] == kind then return nil, ALREADY_APPLIED end
  return nil, LEASE_LOST
end

-- Admin calls (delete, run now, archive) are not safe to repeat by themselves: a resend after a lost
-- reply would find the state the first run left and refuse (TaskNotFound, TaskState). So each call
-- carries a request id the broker draws once per call, and the script's first answer is kept under
-- it for the idempotency window: `decide` runs only the first time, a resend gets that answer.
local function admin_once(rid, decide)
  local key = 'a:' .. rid
  local earlier = redis.call('HGET', K_META, key)
  if earlier then return tonumber(earlier) end
  local answer = decide()
  redis.call('HSET', K_META, key, s(answer))
  redis.call('ZADD', K_EXPIRY, s(NOW + WINDOW), 'a' .. rid)
  return answer
end
