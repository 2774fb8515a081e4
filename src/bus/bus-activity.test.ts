import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultDeployment } from '../shared/arns.js';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import type { DeliveryOutcome } from '../storage/bus-store.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { BusActivity, type BusActivityMessage } from './bus-activity.js';
import type { ArchiveDefinition, BusDefinition, RuleDefinition } from './bus-documents.js';
import { DeliveryRunner } from './delivery/delivery-runner.js';
import type { BusEvent } from './events/bus-event.js';
import { EventRouter } from './routing/event-router.js';
import { noRoutes, routeEvents } from './routing/route-events.js';

describe('BusActivity: accepted events with their rules, and delivery outcomes, for who listens', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 12, 3, 41, 250));
  const engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
  after(() => engine.close());
  const store = engine.bus;
  const activity = new BusActivity();
  const router = new EventRouter(store, defaultDeployment, silentLogger, activity);
  let seq = 0;

  const write = <D>(kind: 'bus' | 'rule' | 'archive', scope: string, name: string, definition: D, touch?: string) =>
    store.writeDocument<D, void>({
      kind,
      scope,
      name,
      now: clock.now(),
      ...(touch !== undefined && { touch: { kind: 'bus' as const, scope: '', name: touch } }),
      decide: () => ({ definition, result: undefined }),
    });
  const rule = (EventPattern: string, queues: string[]): RuleDefinition => ({
    State: 'ENABLED',
    EventPattern,
    Tags: {},
    Targets: queues.map((q) => ({ Id: q, Arn: `arn:aws:sqs:us-east-1:000000000000:${q}`, DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:dlq' } })),
  });
  const event = (source: string, more: Partial<BusEvent> = {}): BusEvent => ({
    id: `e-${++seq}`,
    detailType: 'INSERT',
    source,
    account: '000000000000',
    time: Date.UTC(2026, 2, 14, 12, 3, 40),
    region: 'us-east-1',
    resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/Users'],
    detail: {},
    detailJson: '{}',
    ...more,
  });
  const listen = (bus?: string) => {
    const seen: BusActivityMessage[] = [];
    const stop = activity.subscribe(bus, (message) => seen.push(message));
    return { seen, stop };
  };

  it('reports each accepted event once stored, with the rules it matched and the archives that kept it, per bus', async () => {
    await write<BusDefinition>('bus', '', 'app', { Tags: {} });
    await write<BusDefinition>('bus', '', 'other', { Tags: {} });
    await write('rule', 'app', 'counts', rule('{"source":["db"]}', ['counts-queue']), 'app');
    await write('rule', 'app', 'audit', rule('{"detail-type":["INSERT"]}', ['audit-queue']), 'app');
    await write('rule', 'app', 'quiet', rule('{"source":["nobody"]}', ['q']), 'app');
    const archive: ArchiveDefinition = { EventSourceArn: 'arn:aws:events:us-east-1:000000000000:event-bus/app', bus: 'app', RetentionDays: 0, State: 'ENABLED' };
    await write('archive', '', 'everything', archive, 'app');
    const app = listen('app');
    const all = listen();
    await router.accept([{ bus: 'app', events: [event('db'), event('web', { detailType: 'MODIFY' })] }, { bus: 'other', events: [event('db')] }, { bus: 'gone', events: [event('db')] }], clock.now());
    app.stop();
    all.stop();
    assert.deepEqual(app.seen, [
      {
        type: 'event',
        bus: 'app',
        id: 'e-1',
        source: 'db',
        detailType: 'INSERT',
        time: '2026-03-14T12:03:40Z',
        acceptedAt: '2026-03-14T12:03:41.250Z',
        resources: ['arn:aws:dynamodb:us-east-1:000000000000:table/Users'],
        matched: ['audit', 'counts'],
        archivedBy: ['everything'],
      },
      { ...app.seen[1], id: 'e-2', source: 'web', detailType: 'MODIFY', matched: [], archivedBy: ['everything'] },
    ]);
    assert.deepEqual(
      all.seen.map((m) => m.type === 'event' && [m.bus, m.id, m.matched, m.busMissing ?? false]),
      [['app', 'e-1', ['audit', 'counts'], false], ['app', 'e-2', [], false], ['other', 'e-3', [], false], ['gone', 'e-4', [], true]],
    );
  });

  it('builds nothing when nobody listens, and a replay reports only the rules it was restricted to', async () => {
    const unobserved = noRoutes();
    assert.equal(unobserved.observed, undefined);
    const routes = (await router.routesOf('app'))!;
    routeEvents(routes, [event('db')], clock.now(), unobserved);
    assert.equal(unobserved.observed, undefined);
    const { seen, stop } = listen('app');
    const onlyRules = new Set(['arn:aws:events:us-east-1:000000000000:rule/app/audit']);
    await router.accept([{ bus: 'app', events: [event('db', { replayName: 'again' })], options: { onlyRules } }], clock.now());
    stop();
    assert.deepEqual(seen.map((m) => m.type === 'event' && [m.replayName, m.matched, m.archivedBy]), [['again', ['audit'], []]]);
    assert.equal(activity.listening, false);
  });

  it('reports each delivery attempt as it ends: delivered, deferred and retry with the next time, dead-lettered with its queue', async () => {
    // What earlier tests stored is delivered first, while nobody listens: nothing is reported.
    await new DeliveryRunner(store, async (delivery) => ({ id: delivery.id, kind: 'delivered' }), clock, silentLogger).deliverDue();
    let retryAt = '';
    let deferred = false;
    let deferredUntil = '';
    const runner = new DeliveryRunner(
      store,
      async (delivery): Promise<DeliveryOutcome> => {
        clock.advance(3);
        if (delivery.rule === 'counts') return { id: delivery.id, kind: 'delivered' };
        if (delivery.attempts > 0) return { id: delivery.id, kind: 'dead-lettered', error: 'NO_RESOURCE: gone' };
        if (!deferred) {
          deferred = true;
          deferredUntil = new Date(clock.now() + 1_000).toISOString();
          return { id: delivery.id, kind: 'retry', attempts: 0, dueAt: clock.now() + 1_000, error: 'THROTTLING: at its rate limit', deferred: true };
        }
        retryAt = new Date(clock.now() + 2_000).toISOString();
        return { id: delivery.id, kind: 'retry', attempts: 1, dueAt: clock.now() + 2_000, error: 'THROTTLING: slow down' };
      },
      clock,
      silentLogger,
      { concurrency: 1 },
      activity,
    );
    const { seen, stop } = listen('app');
    await router.accept([{ bus: 'app', events: [event('db')] }], clock.now());
    await runner.deliverDue();
    clock.advance(1_000);
    await runner.deliverDue();
    clock.advance(2_000);
    await runner.deliverDue();
    stop();
    const [accepted, ...deliveries] = seen;
    assert.equal(accepted?.type, 'event');
    assert.deepEqual(
      deliveries.map((d) => d.type === 'delivery' && [d.eventId, d.rule, d.targetId, d.outcome, d.attempt, d.error, d.nextAttemptAt, d.deadLetterArn, d.durationMs]).sort(),
      [
        [accepted!.id, 'audit', 'audit-queue', 'dead-lettered', 2, 'NO_RESOURCE: gone', undefined, 'arn:aws:sqs:us-east-1:000000000000:dlq', 3],
        [accepted!.id, 'audit', 'audit-queue', 'deferred', 1, 'THROTTLING: at its rate limit', deferredUntil, undefined, 3],
        [accepted!.id, 'audit', 'audit-queue', 'retry', 1, 'THROTTLING: slow down', retryAt, undefined, 3],
        [accepted!.id, 'counts', 'counts-queue', 'delivered', 1, undefined, undefined, undefined, 3],
      ],
    );
    assert.match(retryAt, /^2026-03-14T12:03:4\d\.\d{3}Z$/);
  });
});
