#!lua flags=allow-oom
-- purge.lua: removes up to `limit` expired tasks, leaving tombstones: COMPLETED tasks whose
-- retention ended, ARCHIVED tasks older than archiveMaxAge, then the oldest ARCHIVED tasks while
-- more than archiveMaxSize remain. Also drops up to `cleanup` tombstones, locks and claim records
-- that are no longer in effect (invisible to callers, not counted).
-- KEYS: the queue's key set (lib.lua); touches meta, tasks, completed, archived, tombs, uniq,
--   claims, expiry.
-- ARGV: 1 clock, 2 window, 3 limit, 4 archiveMaxAgeMillis, 5 archiveMaxSize, 6 cleanup
-- Returns: {removed, hasMore (0|1)}
-- Invariant: bounded work per call; removal keeps the uniqueness lock (it expires on its own).
local limit, max_age, max_size, cleanup = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local cutoff = NOW - max_age
local removed = 0
local function head(key)
  local h = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if #h == 0 then return nil end
  return h[1], tonumber(h[2])
end
local function remove(key, m)
  redis.call('ZREM', key, m)
  local id = string.sub(m, 13)
  local r = load(id)
  if r then bury(id, r) end
  removed = removed + 1
end
local function completed_due()
  local m, score = head(K_COMPLETED)
  if m and score <= NOW then return m end
  return nil
end
local function archived_old()
  local m, score = head(K_ARCHIVED)
  if m and score <= cutoff then return m end
  return nil
end
local function archived_over()
  if redis.call('ZCARD', K_ARCHIVED) > max_size then return (head(K_ARCHIVED)) end
  return nil
end
for _, pick in ipairs({ completed_due, archived_old, archived_over }) do
  while removed < limit do
    local m = pick()
    if not m then break end
    remove(pick == completed_due and K_COMPLETED or K_ARCHIVED, m)
  end
end
local more = (completed_due() or archived_old() or archived_over()) and 1 or 0
local dropped = gc(cleanup)
if removed > 0 or dropped > 0 then touch() end
return { removed, more }
