// CPU time of the DynamoDB read operations in-process, without HTTP: Query (10 items), the same Query with a
// filter and a projection, GetItem and Scan (10 items) called directly on the built operations over a SQLite
// file holding the Query benchmark's table (200 partitions of 53 items, bench/lib/query-table.mjs's layout).
// Each operation runs N times per round; the figure is the best round's CPU µs per call (noise only adds).
// Steadier than a wrk run on a shared machine: no sockets, no second process. See docs/benchmarks.md.
// Two rows measure the expressions beside the reads: a Scan with a FilterExpression, and an UpdateItem with an
// UpdateExpression and a ConditionExpression (a write: it counts an attribute up in ten items of a table of its
// own, so that the reads' items stay as they were).
//
// Usage: npm run build && node bench/read-cpu.mjs [--calls 20000] [--rounds 5] [--dist DIR] [--only Query] [--allocation [--top 5]]
//        (--only: one operation by its name in the table, e.g. to run it alone under `node --cpu-prof`)
//        (--allocation: bytes allocated a call instead of CPU time, by V8's sampling heap profiler counting the
//        objects young-generation GCs collect too, and the functions that allocate most: what makes the
//        scavenges behind a request's tail; see docs/benchmarks.md, "Query's tail under a steady rate")
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { queryItem, QUERY_LIMIT, QUERY_PARTITION_PREFIX, QUERY_PARTITIONS, QUERY_SORT_KEY_PREFIX, QUERY_TABLE_NAME } from './lib/item.mjs';
import { QUERY_SORT_KEYS } from './lib/query-table.mjs';

const { values: flags } = parseArgs({
  options: { calls: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '5' }, dist: { type: 'string' }, only: { type: 'string' }, allocation: { type: 'boolean', default: false }, top: { type: 'string', default: '5' } },
});
const dist = pathToFileURL(resolve(flags.dist ?? fileURLToPath(new URL('../dist', import.meta.url)))).href;
const load = (path) => import(`${dist}/${path}`);
const { openSqliteEngine } = await load('storage/sqlite/sqlite-engine.js');
const { TableCatalog } = await load('table/table-catalog.js');
const { createTable } = await load('table/operations/create-table.js');
const { batchWriteItem } = await load('table/operations/batch-write-item.js');
const { query } = await load('table/operations/query.js');
const { getItem } = await load('table/operations/get-item.js');
const { scan } = await load('table/operations/scan.js');
const { batchGetItem } = await load('table/operations/batch-get-item.js');
const { transactGetItems } = await load('table/operations/transact-get-items.js');
const { executeStatement } = await load('table/operations/execute-statement.js');
const { updateItem } = await load('table/operations/update-item.js');

const dir = mkdtempSync(join(tmpdir(), 'eddy-read-cpu-'));
const engine = openSqliteEngine({ path: join(dir, 'eddy.db'), durability: 'process' });
const ctx = { engine, catalog: new TableCatalog(engine), clock: { now: () => Date.now() }, deployment: { region: 'us-east-1', account: '000000000000' } };
await createTable(ctx, {
  TableName: QUERY_TABLE_NAME,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
const UPDATE_TABLE_NAME = 'read-cpu-updates';
await createTable(ctx, {
  TableName: UPDATE_TABLE_NAME,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
const items = [];
for (let p = 0; p < QUERY_PARTITIONS; p++) QUERY_SORT_KEYS.forEach((sk, i) => items.push(queryItem(p, sk, p * QUERY_SORT_KEYS.length + i)));
for (let i = 0; i < items.length; i += 25) {
  await batchWriteItem(ctx, { RequestItems: { [QUERY_TABLE_NAME]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } });
}

const pk = (i) => ({ S: `${QUERY_PARTITION_PREFIX}${i % QUERY_PARTITIONS}` });
const keyCondition = { KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', Limit: QUERY_LIMIT };
/** @type {Record<string, [(ctx: unknown, body: unknown) => Promise<unknown>, (i: number) => unknown]>} */
const operations = {
  Query: [query, (i) => ({ TableName: QUERY_TABLE_NAME, ...keyCondition, ExpressionAttributeValues: { ':p': pk(i), ':s': { S: QUERY_SORT_KEY_PREFIX } } })],
  'Query, filter and projection': [
    query,
    (i) => ({
      TableName: QUERY_TABLE_NAME,
      ...keyCondition,
      FilterExpression: 'age > :a',
      ProjectionExpression: 'pk, sk, age, #n',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':p': pk(i), ':s': { S: QUERY_SORT_KEY_PREFIX }, ':a': { N: '25' } },
    }),
  ],
  GetItem: [getItem, (i) => ({ TableName: QUERY_TABLE_NAME, Key: { pk: pk(i), sk: { S: QUERY_SORT_KEYS[i % QUERY_LIMIT] } } })],
  Scan: [scan, () => ({ TableName: QUERY_TABLE_NAME, Limit: QUERY_LIMIT })],
  'Scan, filter': [
    scan,
    (i) => ({
      TableName: QUERY_TABLE_NAME,
      Limit: QUERY_LIMIT,
      FilterExpression: 'age BETWEEN :lo AND :hi AND begins_with(#n, :prefix) AND active <> :off',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':lo': { N: String(i % 20) }, ':hi': { N: '99' }, ':prefix': { S: 'Bench' }, ':off': { BOOL: i % 2 === 0 } },
    }),
  ],
  'UpdateItem, condition': [
    updateItem,
    (i) => ({
      TableName: UPDATE_TABLE_NAME,
      Key: { pk: { S: 'counter' }, sk: { S: QUERY_SORT_KEYS[i % QUERY_LIMIT] } },
      UpdateExpression: 'SET #v = if_not_exists(#v, :zero) + :one, updated = :at',
      ConditionExpression: 'attribute_not_exists(locked) AND (attribute_not_exists(#v) OR #v >= :min)',
      ExpressionAttributeNames: { '#v': 'visits' },
      ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' }, ':at': { N: String(i) }, ':min': { N: '0' } },
    }),
  ],
  // The other reads that answer many items in one text (the join of item texts, docs/benchmarks.md).
  'BatchGetItem (10 keys)': [batchGetItem, (i) => ({ RequestItems: { [QUERY_TABLE_NAME]: { Keys: tenKeys(i) } } })],
  'TransactGetItems (10 keys)': [transactGetItems, (i) => ({ TransactItems: tenKeys(i).map((Key) => ({ Get: { TableName: QUERY_TABLE_NAME, Key } })) })],
  'ExecuteStatement (10 items)': [
    executeStatement,
    (i) => ({ Statement: `SELECT * FROM "${QUERY_TABLE_NAME}" WHERE pk = ?`, Parameters: [pk(i)], Limit: QUERY_LIMIT }),
  ],
};
/** The first ten items of a Query's partition, by key. */
function tenKeys(i) {
  return QUERY_SORT_KEYS.slice(0, QUERY_LIMIT).map((sk) => ({ pk: pk(i), sk: { S: sk } }));
}
// The HTTP layer's serialisation: a RawJson's text, else JSON.stringify.
const text = (result) => (typeof result?.text === 'string' ? result.text : JSON.stringify(result));

const calls = Number(flags.calls);
if (flags.allocation) await allocationPerCall();
else await cpuPerCall();

async function cpuPerCall() {
  /** @type {Record<string, number>} */
  const best = {};
  for (let round = 0; round < Number(flags.rounds); round++) {
    for (const [name, [operation, body]] of Object.entries(operations)) {
      if (flags.only !== undefined && name !== flags.only) continue;
      const start = process.cpuUsage();
      for (let i = 0; i < calls; i++) text(await operation(ctx, body(i)));
      const used = process.cpuUsage(start);
      best[name] = Math.min(best[name] ?? Infinity, (used.user + used.system) / calls);
    }
  }
  console.log('| operation (in-process) | CPU µs a call, best round |\n| --- | --- |');
  for (const [name, micros] of Object.entries(best)) console.log(`| ${name} | ${micros.toFixed(1)} |`);
}

/** Bytes a call (a sample every 256 bytes, garbage included) and the --top functions allocating most (5), per operation. */
async function allocationPerCall() {
  const session = new Session();
  session.connect();
  console.log('| operation (in-process) | bytes allocated a call | most allocated by (bytes a call) |\n| --- | --- | --- |');
  for (const [name, [operation, body]] of Object.entries(operations)) {
    if (flags.only !== undefined && name !== flags.only) continue;
    for (let i = 0; i < 1000; i++) text(await operation(ctx, body(i))); // warm: compiled code allocates less
    await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    for (let i = 0; i < calls; i++) text(await operation(ctx, body(i)));
    const { profile } = await session.post('HeapProfiler.stopSampling');
    /** @type {Map<string, number>} */
    const byFunction = new Map();
    let total = 0;
    const visit = (node) => {
      const frame = node.callFrame;
      const where = `${frame.functionName || '(anonymous)'}${frame.url ? ` ${frame.url.split('/').slice(-2).join('/')}` : ''}`;
      byFunction.set(where, (byFunction.get(where) ?? 0) + node.selfSize);
      total += node.selfSize;
      for (const child of node.children) visit(child);
    };
    visit(profile.head);
    const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(flags.top));
    console.log(`| ${name} | ${Math.round(total / calls)} | ${top.map(([where, bytes]) => `${where} ${Math.round(bytes / calls)}`).join('; ')} |`);
  }
  session.disconnect();
}
await engine.close();
rmSync(dir, { recursive: true, force: true });
