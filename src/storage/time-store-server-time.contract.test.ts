import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS } from '../../test/helpers/engine-openers.js';
import { sharedPostgresCluster, testEngines } from '../../test/helpers/postgres-cluster.js';
import type { StorageEngine } from './engine.js';
import { openPostgresEngine } from './postgres/postgres-engine.js';

// serverTime is a capability: an engine several processes share has a server they all read; SQLite, one process's file, has none.
describeStoreContract<Pick<StorageEngine, 'time' | 'capabilities'>>(
  'TimeStore.serverTime',
  ENGINE_OPENERS,
  ({ open }) => {
    it('is there exactly when the engine is shared across processes (what main.ts disciplines the clock on)', async () => {
      const engine = await open();
      assert.equal(engine.time.serverTime !== undefined, engine.capabilities.sharedAcrossProcesses);
    });
  },
);

const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

describe('TimeStore.serverTime on PostgreSQL', { skip }, () => {
  const engines: StorageEngine[] = [];
  after(async () => {
    for (const engine of engines.splice(0)) await engine.close();
  });
  const cluster = sharedPostgresCluster(); // its after() is registered second: it stops once the engines are closed

  it("answers the server's clock in epoch ms, as every connection reads it, running forward", async () => {
    const url = await (await cluster()).createDatabase();
    for (let i = 0; i < 2; i++) engines.push(await openPostgresEngine({ url, poolSize: 2 }));
    const [first, second] = engines.map((engine) => engine.time.serverTime!);
    const before = Date.now();
    const readings = [await first!(), await second!(), await first!()];
    const later = Date.now();
    // The server runs on this machine here: its clock is this one, to within a second.
    for (const reading of readings) {
      assert.ok(reading > before - 1_000 && reading < later + 1_000, `${reading} within a second of [${before}, ${later}]`);
    }
    assert.ok(readings[0]! <= readings[1]! && readings[1]! <= readings[2]!, `read in order, they run forward: ${readings.join(', ')}`);
  });
});
