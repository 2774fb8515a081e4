import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPgPool } from './postgres/pg-pool.js';
import { applyPostgresMigrations } from './postgres/postgres-migrations.js';
import { PostgresSchedulerStore } from './postgres/postgres-scheduler-store.js';
import type { NewExecution, SchedulerStore } from './scheduler-store.js';

const execution = (id: string, scheduledAt: number, dueAt = scheduledAt): NewExecution => ({ id, scheduleArn: 'arn:s', scheduledAt, target: { Arn: 'arn:t' }, dueAt });

async function putGroup(store: SchedulerStore, name: string, now = 1): Promise<void> {
  await store.write({ kind: 'group', group: '', name, now, decide: () => ({ definition: {}, result: undefined }) });
}

async function putSchedule(store: SchedulerStore, group: string, name: string, dueAt: number | null, now = 1): Promise<void> {
  await store.write({ kind: 'schedule', group, name, now, decide: () => ({ definition: { name }, dueAt, result: undefined }) });
}

describeStoreContract<SchedulerStore>(
  'SchedulerStore contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine.scheduler, close: () => engine.close() };
    },
    async postgres(url) {
      const pool = await openPgPool({ url, size: 4 });
      await applyPostgresMigrations(pool);
      return { store: new PostgresSchedulerStore(pool), close: () => pool.end() };
    },
  },
  ({ open, database }) => {
    it('writes documents as decide says, with the group passed to decide, and reads them back as written', async () => {
      const store = await open();
      const seen: unknown[] = [];
      await store.write({ kind: 'group', group: '', name: 'g', now: 5, decide: (current, group) => (seen.push([current, group]), { definition: { Tags: [] }, result: undefined }) });
      const definition = { z: 1, a: { y: 'ü', b: [1, 2.5, null] }, m: true };
      const result = await store.write({
        kind: 'schedule',
        group: 'g',
        name: 's',
        now: 7,
        decide: (current, group) => (seen.push([current, group?.name]), { definition, dueAt: 1_700_000_000_000, result: 'made' }),
      });
      assert.equal(result, 'made');
      assert.deepEqual(seen, [[undefined, undefined], [undefined, 'g']]);
      const stored = await store.getSchedule('g', 's');
      assert.deepEqual(stored, { kind: 'schedule', group: 'g', name: 's', definition, createdAt: 7, modifiedAt: 7, dueAt: 1_700_000_000_000 });
      assert.equal(JSON.stringify(stored?.definition), JSON.stringify(definition), 'key order is kept');
      assert.deepEqual(await store.getGroup('g'), { kind: 'group', group: '', name: 'g', definition: { Tags: [] }, createdAt: 5, modifiedAt: 5 });
      assert.equal(await store.getGroup('s'), undefined);
      assert.equal(await store.getSchedule('', 'g'), undefined, 'a group is not a schedule');

      // An update keeps createdAt, and dueAt when decide leaves it out; null clears it.
      await store.write<typeof definition, void>({ kind: 'schedule', group: 'g', name: 's', now: 9, decide: (current) => ({ definition: { ...current!.definition, m: false }, result: undefined }) });
      assert.deepEqual(await store.getSchedule('g', 's'), { kind: 'schedule', group: 'g', name: 's', definition: { ...definition, m: false }, createdAt: 7, modifiedAt: 9, dueAt: 1_700_000_000_000 });
      await store.write({ kind: 'schedule', group: 'g', name: 's', now: 11, decide: (current) => ({ definition: current!.definition, dueAt: null, result: undefined }) });
      assert.equal((await store.getSchedule('g', 's'))?.dueAt, undefined);
      assert.equal(await store.nextScheduleDue(), undefined);
      // Deleting what is absent is a no-op.
      assert.equal(await store.write({ kind: 'schedule', group: 'g', name: 'none', now: 12, decide: () => ({ definition: null, result: 'gone' }) }), 'gone');
      assert.equal(await store.getSchedule('g', 'none'), undefined);
    });

    it('writes nothing when decide throws, and rejects with what it threw', async () => {
      const store = await open();
      await putSchedule(store, 'g', 's', 10);
      const refused = new Error('refused');
      const refuse = () => {
        throw refused;
      };
      await assert.rejects(store.write({ kind: 'schedule', group: 'g', name: 's', now: 2, decide: refuse }), (error) => error === refused);
      await assert.rejects(store.write({ kind: 'schedule', group: 'g', name: 't', now: 2, decide: refuse }), (error) => error === refused);
      assert.deepEqual((await store.listSchedules()).map((s) => [s.name, s.dueAt, s.modifiedAt]), [['s', 10, 1]]);
    });

    it('lists groups and schedules byte-wise by group then name', async () => {
      const store = await open();
      const names = ['b', 'B', 'a', '_x', '-y', 'Z', 'é', '0'];
      for (const name of names) await putGroup(store, name);
      for (const group of ['b', 'B']) for (const name of ['z', 'A', 'a.b', 'a-b']) await putSchedule(store, group, name, null);
      const byteWise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
      assert.deepEqual((await store.listGroups()).map((g) => g.name), [...names].sort(byteWise));
      assert.deepEqual((await store.listSchedules()).map((s) => `${s.group}/${s.name}`), ['B/A', 'B/a-b', 'B/a.b', 'B/z', 'b/A', 'b/a-b', 'b/a.b', 'b/z']);
      assert.deepEqual((await store.listSchedules('b')).map((s) => s.name), ['A', 'a-b', 'a.b', 'z']);
      assert.deepEqual(await store.listSchedules('none'), []);
    });

    it('answers due schedules oldest first up to the limit, and the earliest due time', async () => {
      const store = await open();
      assert.equal(await store.nextScheduleDue(), undefined);
      await putSchedule(store, 'g', 'late', 300);
      await putSchedule(store, 'g', 'early', 100);
      await putSchedule(store, 'g', 'middle', 200);
      await putSchedule(store, 'g', 'never', null);
      assert.equal(await store.nextScheduleDue(), 100);
      assert.deepEqual(await store.dueSchedules(99, 10), []);
      assert.deepEqual((await store.dueSchedules(250, 10)).map((s) => [s.name, s.dueAt]), [['early', 100], ['middle', 200]]);
      assert.deepEqual((await store.dueSchedules(1_000, 2)).map((s) => s.name), ['early', 'middle']);
      assert.equal((await store.dueSchedules(1_000, 10)).length, 3, 'reading took nothing');
    });

    it('fire takes a due time once: the second call with the same expected dueAt writes nothing', async () => {
      const store = await open();
      await putGroup(store, 'g');
      await store.write({ kind: 'schedule', group: 'g', name: 's', now: 1, decide: (_c, group) => ({ definition: { ok: group !== undefined }, dueAt: 100, result: undefined }) });
      assert.deepEqual((await store.dueSchedules(99, 10)).length, 0);
      assert.deepEqual((await store.dueSchedules(100, 10)).map((s) => [s.name, s.dueAt, s.definition]), [['s', 100, { ok: true }]]);
      const firing = { group: 'g', name: 's', expectedDueAt: 100, nextDueAt: 200, executions: [execution('e1', 100)] };
      // Either may commit first (two transactions on PostgreSQL); exactly one takes it, with its executions.
      const taken = await Promise.all([store.fire(firing), store.fire({ ...firing, executions: [execution('e2', 100)] })]);
      assert.deepEqual([...taken].sort(), [false, true]);
      assert.equal(await store.fire(firing), false, 'taken already');
      assert.equal(await store.nextScheduleDue(), 200);
      assert.equal(await store.fire({ ...firing, name: 'absent' }), false);
      const id = taken[0] ? 'e1' : 'e2';
      assert.deepEqual(await store.claimExecutions('a', 100, 1000, 10), [{ id, scheduleArn: 'arn:s', scheduledAt: 100, target: { Arn: 'arn:t' }, dueAt: 100, attempts: 0 }]);
    });

    it('a firing with remove deletes the schedule; a firing with no next due time clears it; deleting a group deletes its schedules', async () => {
      const store = await open();
      await putGroup(store, 'g');
      await putGroup(store, 'other');
      for (const name of ['a', 'b']) await putSchedule(store, 'g', name, 5);
      await putSchedule(store, 'other', 'c', 5);
      assert.equal(await store.fire({ group: 'g', name: 'a', expectedDueAt: 6, nextDueAt: null, remove: true, executions: [] }), false);
      assert.equal(await store.fire({ group: 'g', name: 'a', expectedDueAt: 5, nextDueAt: null, remove: true, executions: [execution('last', 5)] }), true);
      assert.equal(await store.getSchedule('g', 'a'), undefined);
      assert.equal(await store.fire({ group: 'other', name: 'c', expectedDueAt: 5, nextDueAt: null, executions: [] }), true);
      assert.equal((await store.getSchedule('other', 'c'))?.dueAt, undefined);
      await store.write({ kind: 'group', group: '', name: 'g', now: 2, decide: () => ({ definition: null, result: undefined }) });
      assert.deepEqual((await store.listSchedules()).map((s) => `${s.group}/${s.name}`), ['other/c']);
      assert.deepEqual((await store.listGroups()).map((g) => g.name), ['other']);
      assert.deepEqual((await store.claimExecutions('a', 5, 60, 10)).map((e) => e.id), ['last'], 'executions outlive their schedule');
    });

    it('executions are leased: another owner neither claims nor settles them until the lease expires or is released', async () => {
      const store = await open();
      await putSchedule(store, 'g', 's', 10);
      await store.fire({ group: 'g', name: 's', expectedDueAt: 10, nextDueAt: null, executions: [execution('e', 10)] });
      assert.equal(await store.nextExecutionDue(), 10);
      assert.equal((await store.claimExecutions('a', 9, 60, 10)).length, 0, 'not due yet');
      assert.equal((await store.claimExecutions('a', 10, 60, 10)).length, 1);
      assert.equal((await store.claimExecutions('b', 20, 80, 10)).length, 0);
      assert.equal(await store.nextExecutionDue(), 60);
      assert.equal(await store.settleExecution('b', { id: 'e', kind: 'done' }), false);
      assert.equal(await store.settleExecution('a', { id: 'e', kind: 'retry', attempts: 1, dueAt: 30, error: 'X: y' }), true);
      assert.equal(await store.nextExecutionDue(), 30);
      const [retried] = await store.claimExecutions('b', 30, 90, 10);
      assert.deepEqual([retried?.attempts, retried?.lastError, retried?.dueAt], [1, 'X: y', 30]);
      assert.equal(await store.releaseExecutionLeases(), 1);
      assert.equal(await store.releaseExecutionLeases(), 0);
      assert.equal((await store.claimExecutions('c', 30, 90, 10)).length, 1);
      // Past the lease another owner takes it over, and the former holder can no longer settle it.
      assert.deepEqual((await store.claimExecutions('d', 90, 150, 10)).map((e) => e.id), ['e']);
      assert.equal(await store.settleExecution('c', { id: 'e', kind: 'done' }), false);
      assert.equal(await store.settleExecution('d', { id: 'e', kind: 'done' }), true);
      assert.equal(await store.settleExecution('d', { id: 'e', kind: 'done' }), false);
      assert.equal(await store.nextExecutionDue(), undefined);
    });

    it('settles a retry whose error text holds any character (PostgreSQL text cannot hold U+0000: it reads back as U+FFFD)', async () => {
      const store = await open();
      await putSchedule(store, 'g', 's', 10);
      await store.fire({ group: 'g', name: 's', expectedDueAt: 10, nextDueAt: null, executions: [execution('e', 10)] });
      await store.claimExecutions('a', 10, 60, 10);
      const error = 'Lambda.Unknown: bad \u0000 byte, \u{1F600} and \u00e9';
      assert.equal(await store.settleExecution('a', { id: 'e', kind: 'retry', attempts: 1, dueAt: 20, error }), true);
      const [retried] = await store.claimExecutions('a', 20, 80, 10);
      assert.equal(retried?.lastError?.replace('\uFFFD', '\u0000'), error);
    });

    it('claims due executions oldest due first, at most `limit`', async () => {
      const store = await open();
      await putSchedule(store, 'g', 's', 10);
      const executions = [execution('c', 30), execution('a', 10), execution('later', 500), execution('b', 20)];
      await store.fire({ group: 'g', name: 's', expectedDueAt: 10, nextDueAt: 1_000, executions });
      assert.deepEqual((await store.claimExecutions('o', 100, 200, 2)).map((e) => e.id), ['a', 'b']);
      assert.deepEqual((await store.claimExecutions('o', 100, 200, 10)).map((e) => e.id), ['c']);
      assert.equal(await store.nextExecutionDue(), 200);
    });

    it('two connections firing the same due schedules take each due time once', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const count = 12;
      for (let i = 0; i < count; i++) await putSchedule(nodes[0]!, 'g', `s${i}`, 100 + i);
      const fired = async (node: SchedulerStore, tag: string) => {
        let took = 0;
        for (const schedule of await node.dueSchedules(1_000, 100)) {
          const firing = { group: schedule.group, name: schedule.name, expectedDueAt: schedule.dueAt!, nextDueAt: schedule.dueAt! + 1_000 };
          if (await node.fire({ ...firing, executions: [execution(`${schedule.name}@${tag}`, schedule.dueAt!)] })) took++;
        }
        return took;
      };
      const took = await Promise.all([fired(nodes[0]!, 'a'), fired(nodes[1]!, 'b')]);
      assert.equal(took[0]! + took[1]!, count);
      const claimed = await nodes[1]!.claimExecutions('o', 1_000, 2_000, 100);
      assert.deepEqual(claimed.map((e) => e.id.split('@')[0]).sort(), Array.from({ length: count }, (_, i) => `s${i}`).sort());
      assert.equal(await nodes[0]!.nextScheduleDue(), 1_100);
    });

    it('two connections claiming at once lease each execution to one of them', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      await putSchedule(nodes[0]!, 'g', 's', 10);
      const count = 40;
      await nodes[0]!.fire({ group: 'g', name: 's', expectedDueAt: 10, nextDueAt: null, executions: Array.from({ length: count }, (_, i) => execution(`e${i}`, 10 + i)) });
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => nodes[i % 2]!.claimExecutions(`owner${i}`, 100, 1_000, 7)));
      const ids = claims.flat().map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, 'no execution was claimed twice');
      assert.equal(ids.length, count);
      // Each is settled only by the owner that holds it.
      for (const [i, claimed] of claims.entries()) {
        for (const e of claimed) {
          assert.equal(await nodes[(i + 1) % 2]!.settleExecution(`owner${(i + 1) % 8}`, { id: e.id, kind: 'done' }), false);
          assert.equal(await nodes[(i + 1) % 2]!.settleExecution(`owner${i}`, { id: e.id, kind: 'done' }), true);
        }
      }
      assert.equal(await nodes[0]!.nextExecutionDue(), undefined);
    });

    it('concurrent writes of one document from two connections each decide against the one before, also when it does not exist yet', async () => {
      const db = await database();
      const nodes = [await open(db), await open(db)];
      const calls = 16;
      const results = await Promise.all(
        Array.from({ length: calls }, (_, i) =>
          nodes[i % 2]!.write<{ n: number }, number>({
            kind: 'group',
            group: '',
            name: 'default',
            now: i,
            decide: (current) => {
              const n = (current?.definition.n ?? 0) + 1;
              return { definition: { n }, result: n };
            },
          }),
        ),
      );
      assert.deepEqual([...results].sort((a, b) => a - b), Array.from({ length: calls }, (_, i) => i + 1));
      assert.equal((await nodes[1]!.getGroup<{ n: number }>('default'))?.definition.n, calls);
    });

    it('is shared by every connection to the database, and kept after they close', async () => {
      const db = await database();
      const first = await open(db);
      await putGroup(first, 'g');
      await putSchedule(first, 'g', 's', 42);
      const later = await open(db);
      assert.deepEqual((await later.listSchedules('g')).map((s) => [s.name, s.dueAt]), [['s', 42]]);
      assert.equal(await later.nextScheduleDue(), 42);
    });
  },
);
