#!lua flags=allow-oom
-- replication_mark.lua: a one-field write the broker sends after a script, on the same connection
-- and before WAIT, when it must wait for replicas (RedisBrokerSettings.replicaAcks). WAIT waits
-- only for the writes of its own connection, up to that connection's last write. A script that
-- changed nothing (an enqueue answered EXISTING, an ack answered ALREADY_APPLIED, a replayed claim)
-- leaves that offset behind, so WAIT could return at once although the write the answer rests on,
-- made earlier on another connection, is not on any replica yet. This write moves the connection's
-- offset to the primary's current one, so the WAIT after it covers every earlier write to the
-- primary. allow-oom: acks must be confirmable when Redis is full.
--
-- KEYS: the queue's key set (lib.lua); writes meta.
-- ARGV: 1 clock, 2 window
-- Returns: the number of marks written to this queue so far.
-- Invariant: changes only meta's "mark" field, which no script reads.
return redis.call('HINCRBY', K_META, 'mark', 1)
