// What a request process's table definitions cost a GetItem (`eddy start --processes N`), in-process over a
// SQLite file, CPU µs per call: the definition read from storage at every call (as request processes did before
// checked-catalog.ts), checked against its stored id and version (CheckedCatalog, now), and cached unchecked
// (the main process's TableCatalog), with engine.getTable alone beside. Rounds interleave the variants; the
// figure is the best round (noise only adds). See docs/benchmarks.md.
//
// Usage: npm run build && node bench/definition-check.mjs [--calls 20000] [--rounds 7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({ options: { calls: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '7' } } });
const calls = Number(flags.calls);
const load = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { openSqliteEngine } = await load('storage/sqlite/sqlite-engine.js');
const { TableCatalog } = await load('table/table-catalog.js');
const { CheckedCatalog } = await load('processes/checked-catalog.js');
const { createTable } = await load('table/operations/create-table.js');
const { getItem } = await load('table/operations/get-item.js');
const { putItem } = await load('table/operations/put-item.js');

/** The request processes' catalog before: every lookup reads the definition. */
class ReadEveryTime extends TableCatalog {
  find(name) {
    return this.refresh(name);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'eddy-definition-check-'));
const engine = openSqliteEngine({ path: join(dir, 'eddy.sqlite'), durability: 'process' });
const base = { engine, clock: { now: () => Date.now() }, deployment: { region: 'us-east-1', account: '000000000000' } };
const contexts = { read: { ...base, catalog: new ReadEveryTime(engine) }, checked: { ...base, catalog: new CheckedCatalog(engine) }, cached: { ...base, catalog: new TableCatalog(engine) } };
await createTable(contexts.cached, {
  TableName: 'bench',
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
await putItem(contexts.cached, { TableName: 'bench', Item: { pk: { S: 'k' }, a: { S: 'x'.repeat(100) }, n: { N: '12' } } });
const input = { TableName: 'bench', Key: { pk: { S: 'k' } } };

async function cpuPerCall(call) {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const variants = { ...Object.fromEntries(Object.entries(contexts).map(([name, ctx]) => [`GetItem, definition ${name}`, () => getItem(ctx, input)])), 'engine.getTable alone': () => engine.getTable('bench') };
const best = Object.fromEntries(Object.keys(variants).map((name) => [name, Infinity]));
for (let round = 0; round < Number(flags.rounds); round++) {
  for (const [name, call] of Object.entries(variants)) best[name] = Math.min(best[name], await cpuPerCall(call));
}
for (const [name, us] of Object.entries(best)) console.log(`${name.padEnd(30)} ${us.toFixed(1)} µs CPU per call`);
await engine.close();
rmSync(dir, { recursive: true, force: true });
