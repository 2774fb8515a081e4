// What the crash soak's stream triggers received: the handler appends one line per record to a file of
// its function's (`<requestId> <eventID> <key> <sequence>`), a batch in one write. The write reaches the
// OS before the invocation returns, so it survives kill -9 of the server, and the file is the ground
// truth of what each function was given, in order.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The handler module both functions run (the file comes from their DELIVERY_LOG variable). */
export const RECORDER_SOURCE = `import { appendFileSync } from 'node:fs';

export const handler = async (event, context) => {
  let lines = '';
  for (const r of event.Records) lines += context.awsRequestId + ' ' + r.eventID + ' ' + r.dynamodb.Keys.pk.S + ' ' + r.dynamodb.SequenceNumber + '\\n';
  appendFileSync(process.env.DELIVERY_LOG, lines);
};
`;

/** Follows a delivery log while the soak runs: which eventIDs and keys it holds so far. */
export class DeliveryTail {
  ids = new Set();
  keys = new Set();
  #path;
  #offset = 0;
  #rest = '';

  /** @param {string} path */
  constructor(path) {
    this.#path = path;
  }

  poll() {
    const fd = openSync(this.#path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.#offset) return;
      const buffer = Buffer.alloc(size - this.#offset);
      readSync(fd, buffer, 0, buffer.length, this.#offset);
      this.#offset = size;
      const lines = (this.#rest + buffer.toString('latin1')).split('\n');
      this.#rest = lines.pop() ?? '';
      for (const line of lines) {
        const [, id, key] = line.split(' ');
        if (id) this.ids.add(id);
        if (key) this.keys.add(key);
      }
    } finally {
      closeSync(fd);
    }
  }
}

const LINE = /^(\S+) ([0-9a-f]{32}) (\S+) (\d+)$/;

/**
 * The log as batches in the order they were written; `kills[k]` is the file's size when the server died
 * the (k+1)th time, so a batch's epoch is the number of kills before it.
 * @param {string} text @param {number[]} kills
 */
export function parseDeliveries(text, kills) {
  /** @type {{ requestId: string, epoch: number, ids: string[], keys: string[] }[]} */
  const batches = [];
  let torn = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    const epoch = kills.filter((size) => size <= offset).length;
    offset += line.length + 1;
    if (line === '') continue;
    const match = LINE.exec(line);
    if (!match) {
      torn++; // cut short by a kill: its records were not all written, and count as not delivered
      continue;
    }
    const last = batches.at(-1);
    if (last?.requestId === match[1] && last.epoch === epoch) {
      last.ids.push(match[2]);
      last.keys.push(match[3]);
    } else batches.push({ requestId: match[1], epoch, ids: [match[2]], keys: [match[3]] });
  }
  return { batches, torn };
}

/**
 * Checks one function's deliveries against the stream (shards in lineage order, see soak-stream.mjs):
 * - every record delivered at least once, and nothing that is not a record of the stream;
 * - per key, first deliveries in stream order;
 * - a record delivered again only if its previous delivery was in a batch in flight at a kill: the last
 *   batch the function received on that shard before the kill (the checkpoint moves only once a batch
 *   has succeeded, so that batch is the one a restart may deliver again), and only after the kill, before
 *   any new record of that shard.
 * @param {{ batches: { requestId: string, epoch: number, ids: string[], keys: string[] }[] }} log
 * @param {import('./soak-stream.mjs').Shard[]} shards
 * @param {number} kills
 */
export function checkDeliveries(log, shards, kills) {
  /** @type {string[]} */
  const violations = [];
  /** @type {Map<string, { shardId: string, key: string, index: number }>} */
  const where = new Map();
  const perKey = new Map();
  for (const shard of shards) {
    for (const r of shard.records) {
      const index = perKey.get(r.key) ?? 0;
      perKey.set(r.key, index + 1);
      where.set(r.eventID, { shardId: shard.shardId, key: r.key, index });
    }
  }
  const shardOf = (batch) => where.get(batch.ids.find((id) => where.has(id)) ?? '')?.shardId;
  // The batches in flight at each kill: per epoch ended by a kill, the last batch of each shard.
  const inFlight = new Set();
  const lastOf = new Map();
  for (const batch of log.batches) if (batch.epoch < kills) lastOf.set(`${batch.epoch} ${shardOf(batch)}`, batch);
  for (const batch of lastOf.values()) inFlight.add(batch);

  const previous = new Map();
  const started = new Set();
  const lastIndex = new Map();
  const redelivered = new Set();
  let deliveries = 0;
  let duplicates = 0;
  const unexplained = [];
  for (const batch of log.batches) {
    const shardId = shardOf(batch);
    for (const [i, id] of batch.ids.entries()) {
      deliveries++;
      const record = where.get(id);
      if (!record) {
        violations.push(`delivered ${id}, which is not a record of the stream`);
        continue;
      }
      if (record.key !== batch.keys[i]) violations.push(`delivered ${id} with key ${batch.keys[i]}; the stream's record has ${record.key}`);
      if (record.shardId !== shardId) violations.push(`batch ${batch.requestId} holds records of shards ${shardId} and ${record.shardId}`);
      const prior = previous.get(id);
      previous.set(id, batch);
      const lane = `${batch.epoch} ${record.shardId}`;
      if (prior === undefined) {
        started.add(lane);
        if ((lastIndex.get(record.key) ?? -1) > record.index) violations.push(`${record.key}: ${id} delivered first after a later record of the key`);
        lastIndex.set(record.key, record.index);
        continue;
      }
      duplicates++;
      if (inFlight.has(prior) && batch.epoch > prior.epoch && !started.has(lane)) redelivered.add(prior);
      else unexplained.push(`${id} (${record.key}) delivered again in batch ${batch.requestId}, epoch ${batch.epoch}; before in ${prior.requestId}, epoch ${prior.epoch}${inFlight.has(prior) ? ', in flight at a kill' : ''}`);
    }
  }
  if (unexplained.length > 0) violations.push(`${unexplained.length} duplicate(s) not from a batch in flight at a kill, e.g. ${unexplained.slice(0, 5).join('; ')}`);
  const missing = [...where.keys()].filter((id) => !previous.has(id));
  if (missing.length > 0) violations.push(`${missing.length} record(s) never delivered, e.g. ${missing.slice(0, 5).map((id) => `${id} (${where.get(id).key})`).join(', ')}`);
  return { violations, deliveries, batches: log.batches.length, duplicates, redeliveredBatches: redelivered.size, inFlightBatches: inFlight.size };
}
