import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BusActivity } from '../bus/bus-activity.js';
import type { BusContext } from '../bus/bus-context.js';
import { EventRouter } from '../bus/routing/event-router.js';
import type { BusEvent } from '../bus/events/bus-event.js';
import { defaultDeployment } from '../shared/arns.js';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { busActivityFeed } from './bus-activity-feed.js';

describe('the bus activity feed', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 12));
  const engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
  after(() => engine.close());
  const activity = new BusActivity();
  const router = new EventRouter(engine.bus, defaultDeployment, silentLogger, activity);
  const ctx: BusContext = { store: engine.bus, clock, deployment: defaultDeployment, logger: silentLogger, router };
  const event = (id: string): BusEvent => ({ id, detailType: 'T', source: 's', account: '000000000000', time: clock.now(), region: 'us-east-1', resources: [], detail: {}, detailJson: '{}' });

  /** Opens the feed; `backlog` is what the client has not taken yet. */
  const open = (query: string, backlog: { bytes: number }) => {
    const sent: [string, unknown][] = [];
    const left = new AbortController();
    let ready!: () => void;
    const started = new Promise<void>((resolve) => (ready = resolve));
    const done = busActivityFeed(ctx, activity)({
      params: [],
      query: new URLSearchParams(query),
      send: (name, data) => {
        sent.push([name, JSON.parse(data)]);
        if (name === 'ready') ready();
      },
      backlog: () => backlog.bytes,
      signal: left.signal,
    });
    return { sent, started: Promise.race([started, done]), close: () => (left.abort(), done) };
  };

  it('sends ready, then the events of its bus; skips while the reader is behind, then says how many', async () => {
    const backlog = { bytes: 0 };
    const feed = open('bus=default', backlog);
    await feed.started;
    assert.equal(activity.listening, true);
    await router.accept([{ bus: 'default', events: [event('e1')] }, { bus: 'other', events: [event('x')] }], clock.now());
    backlog.bytes = 2 * 1024 * 1024;
    await router.accept([{ bus: 'default', events: [event('e2'), event('e3')] }], clock.now());
    backlog.bytes = 0;
    await router.accept([{ bus: 'default', events: [event('e4')] }], clock.now());
    await feed.close();
    assert.equal(activity.listening, false, 'a closed feed stops listening');
    assert.deepEqual(
      feed.sent.map(([name, data]) => [name, (data as { id?: string }).id ?? data]),
      [
        ['ready', { bus: 'default', scope: 'node' }],
        ['event', 'e1'],
        ['skipped', { type: 'skipped', events: 2, deliveries: 0 }],
        ['event', 'e4'],
      ],
    );
  });

  it('answers ResourceNotFoundException for a bus that does not exist, before anything is sent', async () => {
    const feed = open('bus=nowhere', { bytes: 0 });
    await assert.rejects(feed.started, (error: unknown) => error instanceof ServiceError && error.code === 'ResourceNotFoundException');
    assert.deepEqual(feed.sent, []);
    assert.equal(activity.listening, false);
  });
});
