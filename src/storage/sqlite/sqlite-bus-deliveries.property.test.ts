import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine.js';
import type { DeliveryOutcome } from '../bus-store.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
const T0 = 1_700_000_000_000;
const OWNERS = ['one', 'two'] as const;
const KINDS = ['delivered', 'retry', 'dropped', 'dead-lettered'] as const;

type Op =
  | { readonly op: 'accept'; readonly count: number; readonly due: number; readonly rule: number }
  | { readonly op: 'claim'; readonly who: 0 | 1; readonly limit: number; readonly lease: number }
  | { readonly op: 'settle'; readonly who: 0 | 1; readonly picks: readonly { pick: number; kind: number; attempts: number; delay: number }[] }
  | { readonly op: 'tick'; readonly ms: number };

const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('accept' as const), count: fc.integer({ min: 0, max: 4 }), due: fc.integer({ min: 0, max: 5 }), rule: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ op: fc.constant('claim' as const), who: fc.constantFrom(0 as const, 1 as const), limit: fc.integer({ min: 0, max: 4 }), lease: fc.integer({ min: 0, max: 6 }) }),
    fc.record({
      op: fc.constant('settle' as const),
      who: fc.constantFrom(0 as const, 1 as const),
      picks: fc.array(fc.record({ pick: fc.nat(), kind: fc.nat({ max: 3 }), attempts: fc.nat({ max: 3 }), delay: fc.nat({ max: 5 }) }), { maxLength: 4 }),
    }),
    fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 4 }) }),
  ),
  { maxLength: 40 },
);

/** The contract's rules, on plain objects. */
interface Modelled {
  readonly id: string;
  readonly seq: number;
  readonly rule: string;
  dueAt: number;
  claimableAt: number;
  owner: string | null;
  attempts: number;
  lastError?: string;
}

describe('SqliteBusStore deliveries, property', () => {
  // Two engines on one file for every run (opening them costs more than a run); each run uses a bus
  // of its own and drains what it left (see the finally), so runs start from an empty delivery table.
  let engines: SqliteEngine[];
  let run = 0;
  before(() => {
    const path = join(dir, 'property', 'eddy.db');
    engines = [openSqliteEngine({ path }), openSqliteEngine({ path })];
  });
  after(async () => {
    await engines[0]!.close();
    await engines[1]!.close();
  });

  it('random accepts, claims by two engines on one file, settles and clock moves match the model: nothing lost, nothing handed out twice', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (script) => {
        const bus = `b${++run}`;
        const model = new Map<string, Modelled>();
        const counts = new Map<string, { matched: number; delivered: number; failed: number; deadLettered: number }>();
        const count = (rule: string) => {
          if (!counts.has(rule)) counts.set(rule, { matched: 0, delivered: 0, failed: 0, deadLettered: 0 });
          return counts.get(rule)!;
        };
        const everId: string[] = [];
        let now = T0;
        let seq = 0;
        try {
          for (const step of script) {
            if (step.op === 'tick') now += step.ms;
            else if (step.op === 'accept') {
              const rule = `r${step.rule}`;
              const deliveries = Array.from({ length: step.count }, () => {
                const id = `${bus}-${++seq}`;
                everId.push(id);
                model.set(id, { id, seq, rule, dueAt: now + step.due, claimableAt: now + step.due, owner: null, attempts: 0 });
                count(rule).matched++;
                return { id, bus, rule, targetId: 't', eventId: id, payload: '{}', target: {}, acceptedAt: now, dueAt: now + step.due };
              });
              await engines[step.rule % 2]!.bus.acceptEvents({ deliveries, archived: [], now });
            } else if (step.op === 'claim') {
              const owner = OWNERS[step.who];
              const until = now + step.lease;
              const expected = [...model.values()]
                .filter((d) => d.claimableAt <= now)
                .sort((a, b) => a.claimableAt - b.claimableAt || a.seq - b.seq)
                .slice(0, step.limit);
              for (const d of expected) Object.assign(d, { owner, claimableAt: until });
              expected.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
              const claimed = await engines[step.who]!.bus.claimDeliveries(owner, now, until, step.limit);
              assert.deepEqual(claimed.map((d) => [d.id, d.attempts, d.dueAt, d.lastError]), expected.map((d) => [d.id, d.attempts, d.dueAt, d.lastError]));
            } else if (everId.length > 0) {
              const owner = OWNERS[step.who];
              const outcomes: DeliveryOutcome[] = step.picks.map(({ pick, kind, attempts, delay }) => {
                const id = everId[pick % everId.length]!;
                const k = KINDS[kind]!;
                if (k === 'delivered') return { id, kind: k };
                if (k === 'retry') return { id, kind: k, attempts, dueAt: now + delay, error: `e${attempts}` };
                return { id, kind: k, error: 'gone' };
              });
              let expected = 0;
              for (const outcome of outcomes) {
                const d = model.get(outcome.id);
                if (!d || d.owner !== owner) continue;
                expected++;
                if (outcome.kind === 'retry') Object.assign(d, { owner: null, attempts: outcome.attempts, dueAt: outcome.dueAt, claimableAt: outcome.dueAt, lastError: outcome.error });
                else {
                  model.delete(d.id);
                  const c = count(d.rule);
                  if (outcome.kind === 'delivered') c.delivered++;
                  else if (outcome.kind === 'dropped') c.failed++;
                  else c.deadLettered++;
                }
              }
              assert.equal(await engines[step.who]!.bus.settleDeliveries(owner, outcomes), expected);
            }
          }
          // Every accepted delivery is pending exactly once or was counted exactly once as settled.
          const pending = await engines[1]!.bus.pendingDeliveries(10_000);
          assert.deepEqual(pending.map((d) => d.id).sort(), [...model.keys()].sort());
          const stats = await engines[0]!.bus.deliveryStats(bus);
          const expectedStats = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rule, c]) => {
            const rows = [...model.values()].filter((d) => d.rule === rule);
            return { bus, rule, targetId: 't', ...c, pending: rows.length, retrying: rows.filter((d) => d.attempts > 0).length };
          });
          assert.deepEqual(stats, expectedStats.filter((s) => s.matched > 0));
          const next = Math.min(...[...model.values()].map((d) => d.claimableAt));
          assert.equal(await engines[0]!.bus.nextDeliveryDue(), model.size === 0 ? undefined : next);
        } finally {
          const end = T0 + 1_000_000;
          const left = await engines[0]!.bus.claimDeliveries('drain', end, end, 10_000);
          await engines[0]!.bus.settleDeliveries('drain', left.map((d) => ({ id: d.id, kind: 'delivered' as const })));
        }
      }),
      { numRuns: 150 },
    );
  });
});
