import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteEngine } from './sqlite-engine.js';

const execution = (id: string, scheduledAt: number) => ({ id, scheduleArn: 'arn:s', scheduledAt, target: { Arn: 'arn:t' }, dueAt: scheduledAt });

describe('SqliteSchedulerStore', () => {
  it('fire takes a due time once: the second call with the same expected dueAt writes nothing', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const store = engine.scheduler;
    await store.write({ kind: 'group', group: '', name: 'g', now: 1, decide: () => ({ definition: {}, result: undefined }) });
    await store.write({ kind: 'schedule', group: 'g', name: 's', now: 1, decide: (_c, group) => ({ definition: { ok: group !== undefined }, dueAt: 100, result: undefined }) });
    assert.deepEqual((await store.dueSchedules(99, 10)).length, 0);
    assert.deepEqual((await store.dueSchedules(100, 10)).map((s) => [s.name, s.dueAt, s.definition]), [['s', 100, { ok: true }]]);
    const firing = { group: 'g', name: 's', expectedDueAt: 100, nextDueAt: 200, executions: [execution('e1', 100)] };
    const [first, second] = await Promise.all([store.fire(firing), store.fire({ ...firing, executions: [execution('e2', 100)] })]);
    assert.deepEqual([first, second], [true, false]);
    assert.equal(await store.nextScheduleDue(), 200);
    assert.deepEqual((await store.claimExecutions('a', 100, 1000, 10)).map((e) => [e.id, e.attempts]), [['e1', 0]]);
    await engine.close();
  });

  it('a firing with remove deletes the schedule; deleting a group deletes its schedules', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const store = engine.scheduler;
    await store.write({ kind: 'group', group: '', name: 'g', now: 1, decide: () => ({ definition: {}, result: undefined }) });
    for (const name of ['a', 'b']) await store.write({ kind: 'schedule', group: 'g', name, now: 1, decide: () => ({ definition: {}, dueAt: 5, result: undefined }) });
    assert.equal(await store.fire({ group: 'g', name: 'a', expectedDueAt: 5, nextDueAt: null, remove: true, executions: [] }), true);
    assert.equal(await store.getSchedule('g', 'a'), undefined);
    await store.write({ kind: 'group', group: '', name: 'g', now: 2, decide: () => ({ definition: null, result: undefined }) });
    assert.deepEqual(await store.listSchedules(), []);
    assert.deepEqual(await store.listGroups(), []);
    await engine.close();
  });

  it('executions are leased: another owner neither claims nor settles them until the lease expires or is released', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const store = engine.scheduler;
    await store.write({ kind: 'schedule', group: 'g', name: 's', now: 1, decide: () => ({ definition: {}, dueAt: 10, result: undefined }) });
    await store.fire({ group: 'g', name: 's', expectedDueAt: 10, nextDueAt: null, executions: [execution('e', 10)] });
    assert.equal((await store.claimExecutions('a', 10, 60, 10)).length, 1);
    assert.equal((await store.claimExecutions('b', 20, 80, 10)).length, 0);
    assert.equal(await store.nextExecutionDue(), 60);
    assert.equal(await store.settleExecution('b', { id: 'e', kind: 'done' }), false);
    assert.equal(await store.settleExecution('a', { id: 'e', kind: 'retry', attempts: 1, dueAt: 30, error: 'X: y' }), true);
    const [retried] = await store.claimExecutions('b', 30, 90, 10);
    assert.deepEqual([retried?.attempts, retried?.lastError], [1, 'X: y']);
    assert.equal(await store.releaseExecutionLeases(), 1);
    assert.equal((await store.claimExecutions('c', 30, 90, 10)).length, 1);
    assert.equal(await store.settleExecution('c', { id: 'e', kind: 'done' }), true);
    assert.equal(await store.nextExecutionDue(), undefined);
    await engine.close();
  });
});
