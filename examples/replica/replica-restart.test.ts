import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';
import { eventually } from '../../test/helpers/eventually.js';
import { RandomWorkload } from './test-support/random-workload.js';
import { snapshot } from './test-support/table-snapshot.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));
const triggers = { retryBaseMs: 20, retryMaxMs: 200 };
const KEYS = 200;
const WRITERS = 4;

describe('example replica: across a restart on durable storage', () => {
  it('stopped while the trigger is catching up and started again on the same data dir, the replica still converges', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-replica-'));
    let first: TestEddy | undefined;
    let second: TestEddy | undefined;
    let stopping = false;
    try {
      first = await startTestEddy({ config, data, triggers });
      const { ddb: firstDdb } = first;
      const writing = Array.from({ length: WRITERS }, (_, w) =>
        new RandomWorkload(firstDdb, 'source', 2000 + w, KEYS).run(10_000, () => stopping).catch((error: unknown) => {
          if (!stopping) throw error; // Writes cut off by the stop are expected.
        }),
      );
      // Once the trigger has replicated something, stop Eddy while the writers are still writing, so records
      // are waiting for the trigger (and a batch may be in flight) when it goes down.
      await eventually('the first replicated items', async () => (await firstDdb.send(new ScanCommand({ TableName: 'replica', Select: 'COUNT' }))).Count ?? 0, {
        accept: (count) => count >= 20,
      });
      stopping = true;
      await first.stop();
      await Promise.all(writing);

      second = await startTestEddy({ config, data, triggers });
      const { ddb } = second;
      await new RandomWorkload(ddb, 'source', 3000, KEYS).run(100);
      const source = await snapshot(ddb, 'source');
      assert.ok(source.length > KEYS / 3, `only ${source.length} items left in source`);
      const replica = await eventually('the replica to equal the source', () => snapshot(ddb, 'replica'), {
        accept: (seen) => JSON.stringify(seen) === JSON.stringify(source),
        timeoutMs: 15_000,
      }).catch(() => snapshot(ddb, 'replica')); // Still different: let deepEqual show how.
      assert.deepEqual(replica, source);
    } finally {
      stopping = true;
      await first?.stop(); // Already stopped unless the test failed before; stop() is idempotent.
      await second?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
