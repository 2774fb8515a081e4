import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';
import { eventually } from '../../test/helpers/eventually.js';
import { RandomWorkload } from './test-support/random-workload.js';
import { snapshot } from './test-support/table-snapshot.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));
const KEYS = 200;
const WRITERS = 4;
const OPERATIONS = 150;

describe('example replica: a stream trigger keeps a second table equal to the first', () => {
  let eddy: TestEddy;

  before(async () => {
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
  });
  after(async () => {
    await eddy.stop();
  });

  it('after a random workload of puts, updates, deletes, batches and transactions by concurrent writers, a Scan of the replica equals a Scan of the source', async () => {
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => new RandomWorkload(eddy.ddb, 'source', 1000 + w, KEYS).run(OPERATIONS)));
    const source = await snapshot(eddy.ddb, 'source');
    // The workload leaves a good share of the keys, with attributes of every type, or the comparison proves little.
    assert.ok(source.length > KEYS / 3, `only ${source.length} items left in source`);
    for (const type of ['SS', 'NS', 'BS', 'B', 'L', 'M', 'BOOL', 'NULL']) {
      assert.ok(source.some((item) => Object.values(item).some((value) => type in value)), `no ${type} attribute in source`);
    }

    const replica = await eventually('the replica to equal the source', () => snapshot(eddy.ddb, 'replica'), {
      accept: (seen) => JSON.stringify(seen) === JSON.stringify(source),
      timeoutMs: 15_000,
    }).catch(() => snapshot(eddy.ddb, 'replica')); // Still different: let deepEqual show how.
    assert.deepEqual(replica, source);
  });
});
