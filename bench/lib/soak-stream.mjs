// Reads a table's whole stream with the DynamoDB Streams API (every shard from TRIM_HORIZON, parents
// before children) and checks it against the writes the client made (see soak-workload.mjs).
import { applyOp } from './soak-workload.mjs';

/**
 * @typedef {{ eventID: string, eventName: string, key: string, sequence: bigint, shardId: string,
 *   newImage?: Record<string, any>, oldImage?: Record<string, any> }} StreamRecord
 * @typedef {{ shardId: string, parentShardId?: string, closed: boolean, depth: number, records: StreamRecord[] }} Shard
 */

const STREAMS = 'DynamoDBStreams_20120810';

/** @param {{ call: Function }} client @param {string} table @returns {Promise<Shard[]>} in lineage order */
export async function readStream(client, table) {
  const { Streams } = await client.call(`${STREAMS}.ListStreams`, { TableName: table });
  const arn = Streams[0].StreamArn;
  const described = [];
  let start;
  do {
    const { StreamDescription } = await client.call(`${STREAMS}.DescribeStream`, { StreamArn: arn, ...(start && { ExclusiveStartShardId: start }) });
    described.push(...StreamDescription.Shards);
    start = StreamDescription.LastEvaluatedShardId;
  } while (start);
  const byId = new Map(described.map((s) => [s.ShardId, s]));
  const depth = (s) => (s.ParentShardId && byId.has(s.ParentShardId) ? 1 + depth(byId.get(s.ParentShardId)) : 0);
  const shards = described
    .map((s) => ({ shardId: s.ShardId, parentShardId: s.ParentShardId, closed: s.SequenceNumberRange?.EndingSequenceNumber !== undefined, depth: depth(s), records: [] }))
    .sort((a, b) => a.depth - b.depth || a.shardId.localeCompare(b.shardId));
  for (const shard of shards) {
    let { ShardIterator: iterator } = await client.call(`${STREAMS}.GetShardIterator`, { StreamArn: arn, ShardId: shard.shardId, ShardIteratorType: 'TRIM_HORIZON' });
    let empty = 0;
    while (iterator) {
      const { Records, NextShardIterator } = await client.call(`${STREAMS}.GetRecords`, { ShardIterator: iterator, Limit: 1000 });
      for (const r of Records) {
        shard.records.push({
          eventID: r.eventID,
          eventName: r.eventName,
          key: r.dynamodb.Keys.pk.S,
          sequence: BigInt(r.dynamodb.SequenceNumber),
          shardId: shard.shardId,
          newImage: r.dynamodb.NewImage,
          oldImage: r.dynamodb.OldImage,
        });
      }
      // The load has stopped: an empty answer is the end of an open shard (a closed one ends without an iterator).
      empty = Records.length === 0 ? empty + 1 : 0;
      if (empty > (shard.closed ? 3 : 0)) break;
      iterator = NextShardIterator;
    }
  }
  return shards;
}

/** An item as comparable text: attributes sorted, numbers normalised. */
export function canonical(item) {
  if (item === undefined) return '(none)';
  return JSON.stringify(Object.keys(item).sort().map((name) => [name, item[name].N !== undefined ? { N: String(Number(item[name].N)) } : item[name]]));
}

const versionOf = (image) => (image?.v?.N === undefined ? undefined : Number(image.v.N));

/**
 * Checks the stream: sequence numbers rise within a shard; a child's records come after its parent's;
 * no record twice; and per key, walking its writes in version order beside its records in stream order,
 * each acknowledged change has exactly one record, in order, with the images the writes imply (old image
 * = the item before, new image = the item after); in-flight writes have at most one; refused writes and
 * anything else none. Returns the violations, each key's item after its last record, and each write's
 * fate (applied true / false, null when it changed nothing and so has no record either way).
 * @param {Shard[]} shards @param {import('./soak-workload.mjs').WriteLoad} load
 */
export function checkStream(shards, load) {
  /** @type {string[]} */
  const violations = [];
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  const ids = new Set();
  const changes = new Set();
  /** @type {Map<string, StreamRecord[]>} */
  const perKey = new Map();
  let duplicates = 0;
  for (const shard of shards) {
    if (shard.parentShardId && !byId.has(shard.parentShardId)) violations.push(`shard ${shard.shardId}: parent ${shard.parentShardId} is not in the stream`);
    const parent = byId.get(shard.parentShardId ?? '');
    if (parent?.records.length && shard.records.length && shard.records[0].sequence <= parent.records.at(-1).sequence) {
      violations.push(`shard ${shard.shardId}: first sequence number ${shard.records[0].sequence} is not after its parent's last, ${parent.records.at(-1).sequence}`);
    }
    let last = -1n;
    for (const record of shard.records) {
      if (record.sequence <= last) violations.push(`shard ${shard.shardId}: sequence number ${record.sequence} after ${last}`);
      last = record.sequence;
      const change = `${record.eventName} ${record.key} new v${versionOf(record.newImage)} old v${versionOf(record.oldImage)}`;
      if (ids.has(record.eventID) || changes.has(change)) {
        duplicates++;
        violations.push(`duplicate stream record: ${change} (eventID ${record.eventID}, shard ${shard.shardId})`);
        continue; // checked once, below
      }
      ids.add(record.eventID);
      changes.add(change);
      if (!perKey.has(record.key)) perKey.set(record.key, []);
      perKey.get(record.key).push(record);
    }
  }
  const isAncestor = (older, younger) => {
    for (let s = byId.get(younger); s; s = byId.get(s.parentShardId ?? '')) if (s.shardId === older) return true;
    return false;
  };
  /** @type {Map<import('./soak-workload.mjs').Op, boolean | null>} */
  const applied = new Map();
  /** @type {Map<string, Record<string, any> | undefined>} */
  const finalStates = new Map();
  for (const [key, ops] of load.keys) {
    const records = perKey.get(key) ?? [];
    perKey.delete(key);
    for (let i = 1; i < records.length; i++) {
      if (records[i].shardId !== records[i - 1].shardId && !isAncestor(records[i - 1].shardId, records[i].shardId)) {
        violations.push(`${key}: records in shards ${records[i - 1].shardId} and ${records[i].shardId}, which are not parent and child`);
      }
    }
    const problem = walkKey(key, ops, records, applied, finalStates);
    if (problem) violations.push(problem);
  }
  for (const [key, records] of perKey) violations.push(`${records.length} stream record(s) of ${key}, a key nobody wrote`);
  for (const request of load.requests) {
    if (request.status !== 'in-flight' || request.ops.length < 2) continue;
    const fates = new Set(request.ops.map((op) => applied.get(op)).filter((fate) => fate !== null));
    if (fates.size > 1) violations.push(`in-flight TransactWriteItems #${request.id} applied in part: ${request.ops.map((op) => `${op.key} v${op.version} ${applied.get(op)}`).join(', ')}`);
  }
  const records = shards.reduce((n, s) => n + s.records.length, 0);
  return { violations, applied, finalStates, records, duplicates };
}

/** One key's writes against its records; the first problem found (the rest of the key would only echo it). */
function walkKey(key, ops, records, applied, finalStates) {
  let state;
  let i = 0;
  for (const op of ops) {
    const next = records[i];
    const status = op.request.status;
    const expected = applyOp(state, op);
    let matches;
    if (op.kind === 'delete') matches = next?.eventName === 'REMOVE';
    else matches = next !== undefined && versionOf(next.newImage) === op.version;
    if (matches) {
      const name = state === undefined ? 'INSERT' : expected === undefined ? 'REMOVE' : 'MODIFY';
      const at = `${key} v${op.version} (${op.kind}, ${status})`;
      if (status === 'refused') return `${at} was refused, yet its change is in the stream (${next.eventID})`;
      if (state === undefined && op.kind === 'delete') return `${at}: a REMOVE record (${next.eventID}) where the key had no item`;
      if (next.eventName !== name) return `${at}: ${next.eventName} record where ${name} was due (${next.eventID})`;
      if (canonical(next.oldImage) !== canonical(state) || canonical(next.newImage) !== canonical(expected)) {
        return `${at}: record ${next.eventID} has old ${canonical(next.oldImage)} new ${canonical(next.newImage)}; due: old ${canonical(state)} new ${canonical(expected)}`;
      }
      applied.set(op, true);
      state = expected;
      i++;
      continue;
    }
    if (op.kind === 'delete' && state === undefined) {
      applied.set(op, null); // deleting nothing changes nothing: no record either way
      continue;
    }
    const later = op.kind === 'delete' ? -1 : records.findIndex((r, j) => j > i && versionOf(r.newImage) === op.version);
    if (later !== -1) return `${key}: the record of v${op.version} (${records[later].eventID}) comes after ${records[i].eventID}, a later change`;
    if (status === 'acked') return `${key} v${op.version} (${op.kind}) was acknowledged but is not in the stream (lost)`;
    applied.set(op, false);
  }
  if (i < records.length) return `${key}: ${records.length - i} record(s) match no write, from ${records[i].eventID} (${records[i].eventName} new v${versionOf(records[i].newImage)})`;
  finalStates.set(key, state);
  return undefined;
}
