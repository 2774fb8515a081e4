// The crash soak's check of the final table: every acknowledged write is in it.
import { canonical } from './soak-stream.mjs';
import { applyOp } from './soak-workload.mjs';

/** Every item of `table` (consistent Scan, all pages). @param {{ call: Function }} client @param {string} table */
export async function scanTable(client, table) {
  /** @type {Map<string, Record<string, any>>} */
  const items = new Map();
  let start;
  do {
    const out = await client.call('DynamoDB_20120810.Scan', { TableName: table, ConsistentRead: true, ...(start && { ExclusiveStartKey: start }) });
    for (const item of out.Items) items.set(item.pk.S, item);
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Above this many in-flight writes on one key the possible outcomes are not enumerated. */
const MAX_IN_FLIGHT_PER_KEY = 12;

/**
 * Without the stream: each key's item must be what its writes leave behind when all acknowledged ones
 * happened, no refused one did, and any subset of the in-flight ones did (in version order). An acknowledged
 * write that was lost leaves an item no such subset explains. With the stream's account of the key (its
 * item after its last record), the item must also be exactly that.
 * @param {import('./soak-workload.mjs').WriteLoad} load
 * @param {Map<string, Record<string, any>>} items
 * @param {Map<string, Record<string, any> | undefined>} streamStates
 */
export function checkTable(load, items, streamStates) {
  /** @type {string[]} */
  const violations = [];
  let present = 0;
  for (const [key, ops] of load.keys) {
    const item = items.get(key);
    if (item) present++;
    const actual = canonical(item);
    const open = ops.filter((op) => op.request.status === 'in-flight');
    if (open.length > MAX_IN_FLIGHT_PER_KEY) {
      violations.push(`${key}: ${open.length} in-flight writes, too many to enumerate; not checked`);
      continue;
    }
    const possible = new Set();
    for (let mask = 0; mask < 1 << open.length; mask++) {
      let state;
      for (const op of ops) {
        const status = op.request.status;
        const happened = status === 'acked' || (status === 'in-flight' && (mask & (1 << open.indexOf(op))) !== 0);
        if (happened) state = applyOp(state, op);
      }
      possible.add(canonical(state));
    }
    if (!possible.has(actual)) {
      const acked = ops.filter((op) => op.request.status === 'acked').at(-1);
      violations.push(`${key}: item ${actual} is not what its writes leave (last acknowledged: v${acked?.version} ${acked?.kind}; ${open.length} in flight; possible: ${[...possible].join(' | ')})`);
    } else if (streamStates.has(key) && canonical(streamStates.get(key)) !== actual) {
      violations.push(`${key}: item ${actual}, but its last stream record leaves ${canonical(streamStates.get(key))}`);
    }
  }
  for (const key of items.keys()) if (!load.keys.has(key)) violations.push(`${key}: an item nobody wrote`);
  return { violations, items: items.size, present };
}
