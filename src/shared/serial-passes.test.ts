import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SerialPasses } from './serial-passes.js';

/** A pass that stays under way until released, counting its runs. */
function gatedPass() {
  let runs = 0;
  let release: () => void = () => {};
  let started: () => void = () => {};
  let nextStart = new Promise<void>((resolve) => (started = resolve));
  const pass = async () => {
    runs++;
    started();
    nextStart = new Promise<void>((resolve) => (started = resolve));
    await new Promise<void>((resolve) => (release = resolve));
  };
  return { pass, runs: () => runs, release: () => release(), started: () => nextStart };
}

describe('SerialPasses', () => {
  it('wake() during a pass queues one more pass, however often it is called', async () => {
    const gate = gatedPass();
    const passes = new SerialPasses(gate.pass);
    const first = gate.started();
    passes.wake();
    await first;
    const second = gate.started();
    passes.wake();
    passes.wake();
    passes.wake();
    gate.release();
    await second;
    assert.equal(gate.runs(), 2);
    gate.release();
    await passes.close();
    assert.equal(gate.runs(), 2);
  });

  it('run() waits for the pass under way, and its failure stays its own', async () => {
    const gate = gatedPass();
    const passes = new SerialPasses(gate.pass);
    const order: string[] = [];
    const first = gate.started();
    passes.wake();
    await first;
    const ran = passes.run(async () => {
      order.push('work');
      return 42;
    });
    const failed = passes.run(async () => {
      throw new Error('boom');
    });
    order.push('released');
    gate.release();
    assert.equal(await ran, 42);
    await assert.rejects(failed, /boom/);
    assert.deepEqual(order, ['released', 'work']);
    assert.equal(await passes.run(async () => 'after a failure'), 'after a failure');
    await passes.close();
  });

  it('wakeIn() wakes the loop later; close() stops the timer and wakes nothing more', async () => {
    let runs = 0;
    let woken: () => void = () => {};
    const passes = new SerialPasses(async () => {
      runs++;
      woken();
    });
    // The loop's timer is unref'd: this one keeps the test's process up while it waits.
    const keepAlive = setInterval(() => {}, 1_000);
    await new Promise<void>((resolve) => {
      woken = resolve;
      passes.wakeIn(0);
    });
    clearInterval(keepAlive);
    assert.equal(runs, 1);
    passes.wakeIn(10);
    await passes.close();
    assert.equal(passes.closed, true);
    passes.wake();
    passes.wakeIn(0);
    await passes.run(async () => undefined);
    assert.equal(runs, 1);
  });
});
