import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import type { ArchiveDefinition, BusDefinition, RuleDefinition, TargetDefinition } from '../bus-documents.js';
import type { DeliveryTarget } from '../delivery/delivery-target.js';
import { envelopeJson, type BusEvent } from '../events/bus-event.js';
import { EventRouter } from './event-router.js';

describe('EventRouter: rules and archives of a bus, compiled per version, stored in one write', () => {
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  const engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
  after(() => engine.close());
  const router = new EventRouter(engine.bus, defaultDeployment, silentLogger);
  const store = engine.bus;
  let seq = 0;

  const writeBus = (name: string) =>
    store.writeDocument<BusDefinition, void>({ kind: 'bus', scope: '', name, now: clock.now(), decide: () => ({ definition: { Tags: {} }, result: undefined }) });
  const writeRule = (bus: string, name: string, definition: Partial<RuleDefinition> | null) =>
    store.writeDocument<RuleDefinition, void>({
      kind: 'rule',
      scope: bus,
      name,
      now: clock.now(),
      touch: { kind: 'bus', scope: '', name: bus },
      decide: () => ({ definition: definition && { State: 'ENABLED', Tags: {}, Targets: [], ...definition }, result: undefined }),
    });
  const writeArchive = (name: string, definition: Partial<ArchiveDefinition> & { bus: string }) =>
    store.writeDocument<ArchiveDefinition, void>({
      kind: 'archive',
      scope: '',
      name,
      now: clock.now(),
      touch: { kind: 'bus', scope: '', name: definition.bus },
      decide: () => ({ definition: { EventSourceArn: `arn:aws:events:us-east-1:000000000000:event-bus/${definition.bus}`, RetentionDays: 0, State: 'ENABLED', ...definition }, result: undefined }),
    });
  const event = (detail: Record<string, string>, more: Partial<BusEvent> = {}): BusEvent => ({
    id: `e-${++seq}`,
    detailType: 'T',
    source: 'src',
    account: '000000000000',
    time: Date.UTC(2026, 6, 1, 11, 59, 58),
    region: 'us-east-1',
    resources: [],
    detail,
    detailJson: JSON.stringify(detail),
    ...more,
  });
  const target = (Id: string, more: Partial<TargetDefinition> = {}): TargetDefinition => ({ Id, Arn: `arn:aws:sqs:us-east-1:000000000000:${Id}`, ...more });
  const pendingOf = async (bus: string) =>
    (await store.pendingDeliveries(1000, bus)).map((d) => ({ rule: d.rule, target: d.targetId, event: d.eventId, payload: d.payload, snapshot: d.target as DeliveryTarget }));
  const archived = async (archive: string) => (await store.readArchive({ archive, from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100 })).map((row) => row.eventId);

  it('makes one delivery per matching rule × target, the payload rendered per target, the snapshot without input options', async () => {
    await writeBus('orders');
    await writeRule('orders', 'all', { EventPattern: '{"source":["src"]}', Targets: [target('q1'), target('q2', { InputPath: '$.detail.k', RetryPolicy: { MaximumRetryAttempts: 3 } })] });
    await writeRule('orders', 'other', { EventPattern: '{"source":["elsewhere"]}', Targets: [target('q3')] });
    await writeRule('orders', 'off', { EventPattern: '{"source":["src"]}', State: 'DISABLED', Targets: [target('q4')] });
    const e = event({ k: 'v' });
    const result = await router.accept([{ bus: 'orders', events: [e] }], clock.now());
    assert.deepEqual(result, { deliveries: 2, archived: 0, unknownBuses: [] });
    const pending = await pendingOf('orders');
    assert.deepEqual(pending.map((p) => [p.rule, p.target, p.event, p.payload]).sort(), [
      ['all', 'q1', e.id, envelopeJson(e)],
      ['all', 'q2', e.id, '"v"'],
    ]);
    assert.deepEqual(pending.find((p) => p.target === 'q2')!.snapshot, {
      ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/orders/all',
      target: { Id: 'q2', Arn: 'arn:aws:sqs:us-east-1:000000000000:q2', RetryPolicy: { MaximumRetryAttempts: 3 } },
    });
  });

  it('sees a rule written since the last event at once (the bus version moved), and a deleted rule no more', async () => {
    await writeBus('live');
    await writeRule('live', 'r', { EventPattern: '{"detail":{"k":["a"]}}', Targets: [target('t')] });
    assert.equal((await router.accept([{ bus: 'live', events: [event({ k: 'a' }), event({ k: 'b' })] }], clock.now())).deliveries, 1);
    await writeRule('live', 'r', { EventPattern: '{"detail":{"k":["b"]}}', Targets: [target('t')] });
    assert.equal((await router.accept([{ bus: 'live', events: [event({ k: 'a' }), event({ k: 'b' }), event({ k: 'b' })] }], clock.now())).deliveries, 2);
    await writeRule('live', 'r', null);
    assert.equal((await router.accept([{ bus: 'live', events: [event({ k: 'b' })] }], clock.now())).deliveries, 0);
    // Routed from the cache, these events match nothing; the write that checks the version finds the new rule.
    await writeRule('live', 'again', { EventPattern: '{"detail":{"k":["b"]}}', Targets: [target('t')] });
    assert.equal((await router.accept([{ bus: 'live', events: [event({ k: 'b' })] }], clock.now())).deliveries, 1);
  });

  it('routes again when the bus was deleted and created again (same version, another creation time), and drops events of a deleted bus', async () => {
    const deleteBus = (name: string) =>
      store.writeDocument<BusDefinition, void>({ kind: 'bus', scope: '', name, now: clock.now(), decide: () => ({ definition: null, result: undefined }) });
    await writeBus('reborn');
    await writeRule('reborn', 'r', { EventPattern: '{"source":["src"]}', Targets: [target('t')] });
    assert.equal((await router.accept([{ bus: 'reborn', events: [event({})] }], clock.now())).deliveries, 1);
    await writeRule('reborn', 'r', null);
    await deleteBus('reborn');
    assert.deepEqual(await router.accept([{ bus: 'reborn', events: [event({})] }], clock.now()), { deliveries: 0, archived: 0, unknownBuses: ['reborn'] });
    clock.advance(1);
    await writeBus('reborn');
    await writeRule('reborn', 'r', { EventPattern: '{"source":["src"]}', Targets: [target('other')] });
    assert.equal((await router.accept([{ bus: 'reborn', events: [event({})] }], clock.now())).deliveries, 1);
  });

  it('names the buses that do not exist and routes nothing there', async () => {
    assert.deepEqual(await router.accept([{ bus: 'nowhere', events: [event({})] }], clock.now()), { deliveries: 0, archived: 0, unknownBuses: ['nowhere'] });
  });

  it('archives every event of the bus, or those matching the archive pattern, never replayed ones, and only enabled archives', async () => {
    await writeBus('archived');
    await writeBus('elsewhere');
    await writeArchive('everything', { bus: 'archived' });
    await writeArchive('only-b', { bus: 'archived', EventPattern: '{"detail":{"k":["b"]}}' });
    await writeArchive('disabled', { bus: 'archived', State: 'DISABLED' });
    await writeArchive('other-bus', { bus: 'elsewhere' });
    const a = event({ k: 'a' });
    const b = event({ k: 'b' });
    const replayed = event({ k: 'b' }, { replayName: 'replay-1' });
    const result = await router.accept([{ bus: 'archived', events: [a, b, replayed] }], clock.now());
    assert.deepEqual(result, { deliveries: 0, archived: 3, unknownBuses: [] });
    assert.deepEqual((await archived('everything')).sort(), [a.id, b.id].sort());
    assert.deepEqual(await archived('only-b'), [b.id]);
    assert.deepEqual(await archived('disabled'), []);
    assert.deepEqual(await archived('other-bus'), []);
    const [row] = await store.readArchive({ archive: 'only-b', from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1 });
    assert.equal(row?.json, envelopeJson(b));
    assert.equal(row?.eventTime, b.time);
  });

  it('a replay restricted to some rules (FilterArns) routes to those only; a replayed event carries replay-name', async () => {
    await writeBus('replayed');
    await writeRule('replayed', 'one', { EventPattern: '{"source":["src"]}', Targets: [target('t1')] });
    await writeRule('replayed', 'two', { EventPattern: '{"source":["src"]}', Targets: [target('t2')] });
    const e = event({}, { replayName: 'nightly' });
    const onlyRules = new Set(['arn:aws:events:us-east-1:000000000000:rule/replayed/two']);
    await router.accept([{ bus: 'replayed', events: [e], options: { onlyRules } }], clock.now());
    const pending = await pendingOf('replayed');
    assert.deepEqual(pending.map((p) => p.rule), ['two']);
    assert.deepEqual(Object.keys(JSON.parse(pending[0]!.payload)), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'replay-name', 'resources', 'detail']);
  });

  it('drops a target input that renders to nothing (an InputPath selecting nothing) and flags a text payload', async () => {
    await writeBus('inputs');
    await writeRule('inputs', 'r', {
      EventPattern: '{"source":["src"]}',
      Targets: [target('path', { InputPath: '$.detail.missing' }), target('text', { InputTransformer: { InputPathsMap: { k: '$.detail.k' }, InputTemplate: 'k is <k>' } })],
    });
    await router.accept([{ bus: 'inputs', events: [event({ k: 'v' })] }], clock.now());
    const pending = await pendingOf('inputs');
    assert.deepEqual(pending.map((p) => [p.target, p.payload, p.snapshot.payloadNotJson]), [['text', 'k is v', true]]);
  });
});
