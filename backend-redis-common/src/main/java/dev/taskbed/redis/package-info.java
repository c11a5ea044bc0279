/**
 * What both Redis backends share: the key schema, the Lua scripts, the record encoding, and the
 * broker, {@link dev.taskbed.redis.RedisBroker}, above a small {@link dev.taskbed.redis.RedisDriver}
 * interface that each client library (Jedis, Redisson) implements. Public here: the broker, its
 * configuration and the driver interface with its value types; the key schema, the scripts and the
 * record encoding are package-private, documented below for operators and other clients.
 *
 * <h2>Key schema</h2>
 *
 * Every key of queue {@code q} carries the hash tag {@code {q}}, so a queue lives in one Redis
 * Cluster slot and every script touches one slot; every key a script touches is passed in KEYS.
 * <pre>
 *   taskbed:queues          SET   registered queue names (the only global key; single-key commands only)
 *   taskbed:{q}:meta        HASH  adm = admission counter, hw = time high-water mark, paused = "1"
 *   taskbed:{q}:tasks       HASH  id -> record (MessagePack array, see {@code RecordCodec}),
 *                                 or the tombstone a removed task leaves (content hash, nonce, last ack, expiry)
 *   taskbed:{q}:pending     LIST  ids; LPOP claims the head, RPUSH appends, LPUSH requeues
 *   taskbed:{q}:scheduled   ZSET  dueAt            | member = 12-digit admission seq + id,
 *   taskbed:{q}:retry       ZSET  dueAt            | so ties in score order by admission:
 *   taskbed:{q}:active      ZSET  leaseExpiresAt   | the contract's (score, admission) order
 *   taskbed:{q}:archived    ZSET  archivedAt       |
 *   taskbed:{q}:completed   ZSET  completedAt + retention
 *   taskbed:{q}:tombs       LIST  "expiresAt:id" per tombstone in creation (= expiry) order, for clean-up
 *   taskbed:{q}:uniq        HASH  uniqueness key -> lock (holder id, content hash, until)
 *   taskbed:{q}:claims      HASH  claim request id -> (expiry, id, claim seq, ...) for replay
 *   taskbed:{q}:expiry      ZSET  when each lock ("u"+key) and claim record ("c"+request) expires
 *   taskbed:{q}:wake        pub/sub channel for wake-up hints (not a key)
 * </pre>
 * A pending task costs one hash entry (id + packed record, about 60 bytes beyond type and payload)
 * and one list entry. Tombstones, locks and claim records are judged by their stored expiry, so
 * they are invisible once expired; they are dropped a few at a time by every script that creates
 * one, and in batches by {@code purgeExpired}, so memory stays bounded without per-key TTLs.
 *
 * <h2>Scripts</h2>
 *
 * One {@code .lua} resource per state transition under {@code dev/taskbed/redis/lua}, each with a
 * header stating KEYS, ARGV, return value and invariant; {@code lib.lua} is the shared prelude.
 * Scripts that must work when Redis is full (claim, acks, maintenance, admin) carry
 * {@code #!lua flags=allow-oom}; {@code enqueue.lua} does not, so a full Redis refuses enqueues.
 * Reads carry {@code flags=no-writes}. The design essay on atomicity and fencing is on
 * {@link dev.taskbed.redis.RedisBroker}.
 */
package dev.taskbed.redis;
