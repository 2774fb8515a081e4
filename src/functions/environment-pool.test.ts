import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvironmentPool, type PooledEnvironment } from './environment-pool.js';

class FakeEnvironment implements PooledEnvironment {
  alive = true;
  constructor(readonly id: number) {}
  async terminate(): Promise<void> {
    this.alive = false;
  }
}

function pool(limit: number, idleTimeoutMs?: number) {
  let created = 0;
  const environments: FakeEnvironment[] = [];
  const instance = new EnvironmentPool<FakeEnvironment>({
    limit,
    ...(idleTimeoutMs !== undefined && { idleTimeoutMs }),
    create: () => {
      const environment = new FakeEnvironment(++created);
      environments.push(environment);
      return environment;
    },
    throttled: () => new Error('throttled'),
  });
  return { pool: instance, environments };
}

test('idle environments are reused, most recently released first', async () => {
  const { pool: p } = pool(5);
  const a = await p.acquire('throttle');
  const b = await p.acquire('throttle');
  p.release(a);
  p.release(b);
  assert.equal((await p.acquire('throttle')).id, 2);
  assert.equal((await p.acquire('throttle')).id, 1);
  assert.equal((await p.acquire('throttle')).id, 3);
});

test('a dead environment is never handed out again', async () => {
  const { pool: p } = pool(5);
  const a = await p.acquire('throttle');
  p.release(a);
  a.alive = false;
  assert.equal((await p.acquire('throttle')).id, 2);
});

test('at the limit, throttle rejects and wait queues in order', async () => {
  const { pool: p } = pool(1);
  const a = await p.acquire('throttle');
  await assert.rejects(p.acquire('throttle'), { message: 'throttled' });
  const order: number[] = [];
  const first = p.acquire('wait').then((e) => { order.push(1); return e; });
  const second = p.acquire('wait').then((e) => { order.push(2); return e; });
  p.release(a);
  const got = await first;
  assert.equal(got, a, 'the released environment goes straight to the first waiter');
  assert.equal(p.busy, 1);
  p.release(got);
  assert.equal(await second, a);
  assert.deepEqual(order, [1, 2]);
});

test('renew retires idle environments now and busy ones on release', async () => {
  const { pool: p, environments } = pool(5);
  const a = await p.acquire('throttle');
  const b = await p.acquire('throttle');
  p.release(a);
  p.renew();
  assert.equal(environments[0]!.alive, false);
  p.release(b);
  assert.equal(b.alive, false);
  assert.equal(p.idle, 0);
  assert.equal((await p.acquire('throttle')).id, 3);
});

test('a limit of 0 throttles even waiting callers; raising the limit wakes waiters', async () => {
  const { pool: p } = pool(0);
  await assert.rejects(p.acquire('wait'), { message: 'throttled' });
  p.setLimit(1);
  const a = await p.acquire('throttle');
  const waiting = p.acquire('wait');
  p.setLimit(2);
  assert.notEqual(await waiting, a);
  const queued = p.acquire('wait');
  p.setLimit(0);
  await assert.rejects(queued, { message: 'throttled' });
});

test('close rejects waiters and ends idle environments; busy ones end on release or at once', async () => {
  const { pool: p, environments } = pool(2);
  const a = await p.acquire('throttle');
  const b = await p.acquire('throttle');
  p.release(a);
  const c = await p.acquire('throttle');
  const waiting = p.acquire('wait');
  await p.close(new Error('gone'));
  await assert.rejects(waiting, { message: 'gone' });
  assert.equal(b.alive, true);
  p.release(b);
  assert.equal(b.alive, false);
  await p.close(new Error('gone'), true);
  assert.equal(c.alive, false);
  assert.deepEqual(environments.map((e) => e.alive), [false, false]);
  await assert.rejects(p.acquire('wait'), { message: 'throttled' });
});

test('an environment idle for the idle timeout is ended; the next invocation starts a new one', async () => {
  const { pool: p, environments } = pool(5, 60_000);
  const a = await p.acquire('throttle');
  const b = await p.acquire('throttle');
  const releasedA = Date.now();
  p.release(a);
  p.release(b);
  const releasedB = Date.now();
  p.reap(releasedA + 59_999);
  assert.equal(p.idle, 2, 'not yet');
  p.reap(releasedB + 60_000);
  assert.equal(p.idle, 0);
  assert.deepEqual(environments.map((e) => e.alive), [false, false]);
  assert.equal((await p.acquire('throttle')).id, 3, 'cold again');
});

test('only the environments idle longest are ended; a reused one starts its idle time again', async () => {
  const { pool: p, environments } = pool(5, 60_000);
  const [a, b] = [await p.acquire('throttle'), await p.acquire('throttle')];
  p.release(a);
  const aIdle = Date.now();
  while (Date.now() === aIdle) await new Promise((resolve) => setImmediate(resolve));
  p.release(b);
  p.reap(aIdle + 60_000);
  assert.deepEqual(environments.map((e) => e.alive), [false, true]);
  assert.equal(await p.acquire('throttle'), b, 'the survivor is reused');
  assert.equal(p.idle, 0);
});

test('the reaper runs on its own timer, which does not keep the process alive', async () => {
  const { pool: p, environments } = pool(5, 20);
  const a = await p.acquire('throttle');
  p.release(a);
  const deadline = Date.now() + 5000;
  while (environments[0]!.alive && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(environments[0]!.alive, false);
  assert.equal(p.idle, 0);
  const b = await p.acquire('throttle');
  p.release(b);
  await p.close(new Error('closed'));
  assert.equal(b.alive, false);
});
