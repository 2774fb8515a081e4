import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import { putEvents } from '../operations/put-events.js';
import { ordersBus } from './fixtures/orders-bus.js';
import { EntryRefusedError, putOnBus } from './put-on-bus.js';
import { memoryEngine } from '../../storage/sqlite/fixtures/memory-engine.js';

describe('putOnBus: one event on a bus as PutEvents puts it', () => {
  const { ctx, ready, taken, busArn } = ordersBus('lambda', memoryEngine);
  const entry = { bus: busArn, source: 'lambda', detailType: 'Done', detail: '{"n":1}', resources: ['arn:x'] };

  it('stores the event PutEvents would store (its envelope, its time in whole seconds), durable when it resolves with the id', async () => {
    await ready;
    const id = await putOnBus(ctx, entry);
    const answer = (await putEvents(ctx, { Entries: [{ EventBusName: busArn, Source: 'lambda', DetailType: 'Done', Detail: '{"n":1}', Resources: ['arn:x'] }] })) as { Entries: { EventId: string }[] };
    const [mine, theirs] = await taken();
    assert.equal(mine!.eventId, id);
    assert.equal(theirs!.eventId, answer.Entries[0]!.EventId);
    assert.deepEqual({ ...mine!.payload, id: 'x' }, { ...theirs!.payload, id: 'x' });
    assert.deepEqual(mine!.payload, {
      version: '0', id, 'detail-type': 'Done', source: 'lambda', account: '000000000000', time: '2026-07-01T12:00:00Z', region: 'us-east-1', resources: ['arn:x'], detail: { n: 1 },
    });
  });

  it('takes a time, cut to its second, and the bus by name', async () => {
    const id = await putOnBus(ctx, { ...entry, bus: 'orders', time: Date.UTC(2026, 5, 30, 8, 15, 42, 999) });
    const [event] = await taken();
    assert.deepEqual([event!.eventId, event!.payload['time']], [id, '2026-06-30T08:15:42Z']);
  });

  it("refuses an entry PutEvents would answer with an error, with that error's code and message, storing nothing", async () => {
    const refused = async (more: object, code: string, message: string) => {
      await assert.rejects(putOnBus(ctx, { ...entry, ...more }), (error: unknown) => {
        assert.ok(error instanceof EntryRefusedError);
        assert.deepEqual([error.errorCode, error.errorMessage], [code, message]);
        return true;
      });
    };
    await refused({ source: 'aws.lambda' }, 'NotAuthorizedForSourceException', 'Not authorized for the source.');
    await refused({ detail: '[1]' }, 'MalformedDetail', 'Detail is malformed.');
    await refused({ detailType: '' }, 'InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.');
    assert.deepEqual(await taken(), []);
  });

  it('throws what PutEvents throws for the request: a ValidationException for a malformed bus name or entries over the size limit', async () => {
    const rejected = (more: object, message: RegExp) =>
      assert.rejects(putOnBus(ctx, { ...entry, ...more }), (error: unknown) => error instanceof ServiceError && error.code === 'ValidationException' && message.test(error.message));
    await rejected({ bus: 'no spaces' }, /^1 validation error detected: Value 'no spaces' at 'entries\.1\.member\.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejected({ detail: `{"k":"${'x'.repeat(200)}"}` }, /^Total size of the entries in the request is over the limit\.$/);
    assert.deepEqual(await taken(), []);
  });

  it('drops an event for a bus that does not exist, or of another account, as PutEvents does: an id, nothing stored', async () => {
    assert.match(await putOnBus(ctx, { ...entry, bus: 'missing' }), /^[0-9a-f-]{36}$/);
    assert.match(await putOnBus(ctx, { ...entry, bus: 'arn:aws:events:us-east-1:111111111111:event-bus/orders' }), /^[0-9a-f-]{36}$/);
    assert.deepEqual(await taken(), []);
  });
});
