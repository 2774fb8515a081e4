import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqsErrors } from '../queues/rules/sqs-errors.js';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import type { StorageEngine } from '../storage/engine.js';
import type { EventInvokeConfig } from './event-invoke-config.js';
import { EventInvoker, type EventInvokerOptions } from './event-invoker.js';

const deployment = { region: 'us-east-1', account: '000000000000' };
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:records';

/** A function that answers `{"ok":true}`, counting its invocations (the runtime is not what is tested here). */
function fakeRuntime() {
  const calls: string[] = [];
  const runtime = {
    get: () => ({}) as never,
    invoke: async (_name: string, request: { payload: string; requestId?: string }) => {
      calls.push(request.payload);
      return { requestId: request.requestId!, payload: '{"ok":true}' } as never;
    },
  };
  return { runtime, calls };
}

function invoker(engine: StorageEngine, clock: ManualClock, runtime: EventInvokerOptions['runtime'], queue: (arn: string, body: string) => Promise<unknown>) {
  return new EventInvoker({
    runtime,
    store: engine.asyncInvocations,
    configs: engine.eventInvokeConfigs,
    destinations: { queue, bus: async () => {}, topic: async () => {} },
    clock,
    logger: silentLogger,
    deployment,
  });
}

describe('EventInvoker: sending records', () => {
  it('keeps a record it could not send, sends it after a restart without invoking again, then forgets the event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-invoker-'));
    const path = join(dir, 'eddy.sqlite');
    const clock = new ManualClock();
    try {
      let engine = openSqliteEngine({ path, now: () => clock.now() });
      await engine.eventInvokeConfigs.write<EventInvokeConfig>('fn', '$LATEST', clock.now(), () => ({
        DestinationConfig: { OnSuccess: { Destination: QUEUE }, OnFailure: {} },
      }));
      const first = fakeRuntime();
      const firstRun = invoker(engine, clock, first.runtime, async () => {
        throw new Error('disk full'); // not a refusal: the record is kept and tried again later
      });
      const requestId = await firstRun.enqueue('fn', '{"n":1}');
      await firstRun.runDue();
      await firstRun.close();
      assert.deepEqual(first.calls, ['{"n":1}']);
      const [kept] = await engine.asyncInvocations.pendingInvocations();
      assert.equal(kept!.outcome!.destination, QUEUE);
      assert.equal(kept!.dueAt, clock.now() + 60_000);
      await engine.close();

      clock.advance(60_000);
      engine = openSqliteEngine({ path, now: () => clock.now() });
      const second = fakeRuntime();
      const sent: [string, string][] = [];
      const secondRun = invoker(engine, clock, second.runtime, async (arn, body) => sent.push([arn, body]));
      await secondRun.resume();
      await secondRun.runDue();
      await secondRun.close();
      assert.deepEqual(second.calls, []);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]![0], QUEUE);
      assert.equal(sent[0]![1], kept!.outcome!.record);
      assert.deepEqual(JSON.parse(sent[0]![1]).requestContext, {
        requestId,
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST',
        condition: 'Success',
        approximateInvokeCount: 1,
      });
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);
      await engine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drops a record its destination refuses (a ServiceError), and forgets an event without a destination', async () => {
    const engine = openSqliteEngine({ path: ':memory:' });
    const clock = new ManualClock();
    try {
      const { runtime, calls } = fakeRuntime();
      const refusing = invoker(engine, clock, runtime, async () => {
        throw sqsErrors.queueDoesNotExist();
      });
      await refusing.enqueue('plain', '{}');
      await refusing.runDue();
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);
      await engine.eventInvokeConfigs.write<EventInvokeConfig>('fn', '$LATEST', 0, () => ({ DestinationConfig: { OnSuccess: { Destination: QUEUE }, OnFailure: {} } }));
      await refusing.enqueue('fn', '{}');
      await refusing.runDue();
      await refusing.close();
      assert.equal(calls.length, 2);
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);
    } finally {
      await engine.close();
    }
  });
});

describe('EventInvoker: qualified events', () => {
  it("keeps an event's qualifier through a restart: the attempt runs what the qualifier names, invoked by its qualified ARN, and the record names it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-invoker-'));
    const path = join(dir, 'eddy.sqlite');
    const clock = new ManualClock();
    try {
      let engine = openSqliteEngine({ path, now: () => clock.now() });
      await engine.eventInvokeConfigs.write<EventInvokeConfig>('fn', 'live', clock.now(), () => ({
        DestinationConfig: { OnSuccess: { Destination: QUEUE }, OnFailure: {} },
      }));
      const before = invoker(engine, clock, fakeRuntime().runtime, async () => {});
      const requestId = await before.enqueue('fn', '{"n":1}', 'live');
      await before.close(); // before its attempt
      const [kept] = await engine.asyncInvocations.pendingInvocations();
      assert.equal(kept!.qualifier, 'live');
      await engine.close();

      engine = openSqliteEngine({ path, now: () => clock.now() });
      const invoked: { name: string; arn: string | undefined }[] = [];
      const resolved: [string, string][] = [];
      const sent: string[] = [];
      const after = new EventInvoker({
        runtime: {
          get: () => ({}) as never,
          invoke: async (name, request) => {
            invoked.push({ name, arn: request.invokedFunctionArn });
            return { requestId: request.requestId!, payload: '{"ok":true}' } as never;
          },
        },
        store: engine.asyncInvocations,
        configs: engine.eventInvokeConfigs,
        destinations: { queue: async (_arn, body) => void sent.push(body), bus: async () => {}, topic: async () => {} },
        clock,
        logger: silentLogger,
        deployment,
        qualified: async (name, qualifier) => {
          resolved.push([name, qualifier]);
          return 'runtime-name-of-version-1';
        },
      });
      await after.resume();
      await after.runDue();
      await after.close();
      assert.deepEqual(resolved, [['fn', 'live']]);
      assert.deepEqual(invoked, [{ name: 'runtime-name-of-version-1', arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn:live' }]);
      assert.equal(sent.length, 1);
      assert.deepEqual(JSON.parse(sent[0]!).requestContext, {
        requestId,
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn:live',
        condition: 'Success',
        approximateInvokeCount: 1,
      });
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);
      await engine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EventInvoker: claims (issue 22)', () => {
  it('two invokers on one database run each stored event once, and an event a dead node holds only after its lease ran out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-invoker-'));
    const clock = new ManualClock();
    const engine = openSqliteEngine({ path: join(dir, 'eddy.sqlite'), now: () => clock.now() });
    try {
      const one = fakeRuntime();
      const two = fakeRuntime();
      const first = invoker(engine, clock, one.runtime, async () => {});
      const second = invoker(engine, clock, two.runtime, async () => {});
      const payloads = Array.from({ length: 12 }, (_, i) => `{"n":${i}}`);
      for (const [i, payload] of payloads.entries()) {
        await engine.asyncInvocations.addInvocation({ requestId: `r${i}`, functionName: 'fn', payload, receivedAt: clock.now(), attempts: 0, dueAt: clock.now() });
      }
      await Promise.all([first.runDue(), second.runDue()]);
      assert.deepEqual([...one.calls, ...two.calls].sort(), [...payloads].sort(), 'every event invoked once, by one of them');
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);

      // A node that claimed an event and died: no one runs it until its lease ends, then one invoker does.
      await engine.asyncInvocations.addInvocation({ requestId: 'held', functionName: 'fn', payload: '{"held":1}', receivedAt: clock.now(), attempts: 0, dueAt: clock.now() });
      assert.equal((await engine.asyncInvocations.claimInvocations('dead-node', clock.now(), clock.now() + 20 * 60_000, 10)).length, 1);
      await Promise.all([first.runDue(), second.runDue()]);
      assert.equal([...one.calls, ...two.calls].length, 12, 'held by a live lease');
      clock.advance(20 * 60_000);
      await Promise.all([first.runDue(), second.runDue()]);
      assert.deepEqual([...one.calls, ...two.calls].filter((p) => p === '{"held":1}'), ['{"held":1}']);
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);
      await Promise.all([first.close(), second.close()]);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EventInvoker: lease renewal', () => {
  it('renews the lease of an event whose attempt outlasts it, so another invoker does not take it over while it runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-invoker-'));
    const clock = new ManualClock();
    const engine = openSqliteEngine({ path: join(dir, 'eddy.sqlite'), now: () => clock.now() });
    // The invoker's renewal timer is unref'd (it must not keep a stopping Eddy alive): this keeps the test's process up.
    const alive = setInterval(() => {}, 1_000);
    try {
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const slow = {
        get: () => ({}) as never,
        invoke: async (_name: string, request: { requestId?: string }) => {
          started();
          await finished;
          return { requestId: request.requestId!, payload: '{"ok":true}' } as never;
        },
      };
      // The real store, watched: renewed() resolves at the first renewal that extended a lease after `watching`.
      let watching = false;
      let renewed!: () => void;
      const renewal = new Promise<void>((resolve) => (renewed = resolve));
      const real = engine.asyncInvocations;
      const store = new Proxy(real, {
        get: (target, name) =>
          name === 'renewInvocationLeases'
            ? async (owner: string, ids: readonly string[], until: number) => {
                const count = await target.renewInvocationLeases(owner, ids, until);
                if (watching && count === 1) renewed();
                return count;
              }
            : (Reflect.get(target, name) as (...args: unknown[]) => unknown).bind(target),
      });
      const options = { configs: engine.eventInvokeConfigs, destinations: { queue: async () => {}, bus: async () => {}, topic: async () => {} }, clock, logger: silentLogger, deployment, leaseMs: 300 };
      const holder = new EventInvoker({ ...options, runtime: slow, store });
      const other = fakeRuntime();
      const second = new EventInvoker({ ...options, runtime: other.runtime, store: engine.asyncInvocations });
      await holder.enqueue('fn', '{"slow":1}');
      await running;
      clock.advance(250); // claimed until +300: renewed from here to +550
      watching = true;
      await renewal;
      clock.advance(150);
      await second.runDue();
      assert.deepEqual(other.calls, [], 'past its first lease, still held by the invoker running it');
      finish();
      await holder.close();
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), [], 'done with by its holder');
      await second.close();
    } finally {
      clearInterval(alive);
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('EventInvoker: polling a shared database (issue 22)', () => {
  it('with pollMs, runs an event another node stored, once it is due', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-invoker-'));
    const clock = new ManualClock();
    const engine = openSqliteEngine({ path: join(dir, 'eddy.sqlite'), now: () => clock.now() });
    // The poll timer is unref'd (it must not keep a stopping Eddy alive): this keeps the test's process up
    // while it waits for the poll (nothing else may be pending then: the runner ended the file once).
    const alive = setInterval(() => {}, 1_000);
    try {
      const calls: string[] = [];
      let ran!: () => void;
      const invoked = new Promise<void>((resolve) => (ran = resolve));
      const runtime = {
        get: () => ({}) as never,
        invoke: async (_name: string, request: { payload: string; requestId?: string }) => {
          calls.push(request.payload);
          ran();
          return { requestId: request.requestId!, payload: '{"ok":true}' } as never;
        },
      };
      const polling = new EventInvoker({
        runtime,
        store: engine.asyncInvocations,
        configs: engine.eventInvokeConfigs,
        destinations: { queue: async () => {}, bus: async () => {}, topic: async () => {} },
        clock,
        logger: silentLogger,
        deployment,
        pollMs: 20,
      });
      await polling.resume(false);
      // Stored by "another node" after this one resumed: only the poll can find it.
      await engine.asyncInvocations.addInvocation({ requestId: 'r1', functionName: 'fn', payload: '{"other":1}', receivedAt: clock.now(), attempts: 0, dueAt: clock.now() });
      await invoked;
      await polling.close();
      assert.deepEqual(calls, ['{"other":1}']);
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);
    } finally {
      clearInterval(alive);
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
