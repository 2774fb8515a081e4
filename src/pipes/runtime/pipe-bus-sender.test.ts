import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ordersBus } from '../../bus/routing/fixtures/orders-bus.js';
import { EntryRefusedError, putOnBus } from '../../bus/routing/put-on-bus.js';
import { ServiceError } from '../../shared/service-error.js';
import { BatchEntryRefusedError, putBatchOnBus } from './pipe-bus-sender.js';
import { memoryEngine } from '../../storage/sqlite/fixtures/memory-engine.js';

describe('putBatchOnBus: a pipe batch on a bus in one accept, each entry checked as putOnBus checks it', () => {
  const { ctx, ready, busArn, ...bus } = ordersBus('pipe', memoryEngine);
  /** The stored events' payloads since the last call, in order, then cleared. */
  const taken = async () => (await bus.taken()).map((delivery) => delivery.payload);
  const entry = (n: number) => ({ source: 'pipe', detailType: 'Record', detail: `{"n":${n}}`, resources: ['arn:x'] });
  const withoutId = ({ id: _id, ...rest }: Record<string, unknown>) => rest;

  it('stores every entry in order, each as putOnBus stores it', async () => {
    await ready;
    await putBatchOnBus(ctx, busArn, [entry(1), entry(2), { ...entry(3), time: Date.UTC(2026, 5, 30, 8, 15, 42, 999) }]);
    const batch = await taken();
    await putOnBus(ctx, { bus: busArn, ...entry(1) });
    const [single] = await taken();
    assert.deepEqual(batch.map((e) => (e['detail'] as { n: number }).n), [1, 2, 3]);
    assert.deepEqual(withoutId(batch[0]!), withoutId(single!));
    assert.equal(batch[2]!['time'], '2026-06-30T08:15:42Z');
    assert.equal(new Set(batch.map((e) => e['id'])).size, 3);
  });

  it('puts the entries before the first refused one and names its index and putOnBus\'s refusal', async () => {
    await assert.rejects(putBatchOnBus(ctx, 'orders', [entry(1), { ...entry(2), detail: '[]' }, entry(3)]), (error: unknown) => {
      assert.ok(error instanceof BatchEntryRefusedError);
      assert.equal(error.index, 1);
      assert.ok(error.refusal instanceof EntryRefusedError);
      return true;
    });
    assert.deepEqual((await taken()).map((e) => (e['detail'] as { n: number }).n), [1]);
    // An entry over the request size limit is refused as putOnBus refuses it: a ServiceError.
    await assert.rejects(putBatchOnBus(ctx, 'orders', [{ ...entry(1), detail: JSON.stringify({ big: 'x'.repeat(300) }) }]), (error: unknown) => {
      assert.ok(error instanceof BatchEntryRefusedError);
      assert.equal(error.index, 0);
      assert.ok(error.refusal instanceof ServiceError);
      return true;
    });
    assert.deepEqual(await taken(), []);
  });

  it('drops the events of a bus that does not exist, as PutEvents does', async () => {
    await putBatchOnBus(ctx, 'nowhere', [entry(1), entry(2)]);
    assert.deepEqual(await taken(), []);
  });
});
