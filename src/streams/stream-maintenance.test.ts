import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import type { StorageEngine, StreamRow } from '../storage/engine.js';
import { StreamMaintenance } from './stream-maintenance.js';
import { streamsSettingsOf } from './streams-options.js';

/** An engine that records the maintenance calls it gets (maintenance uses these three only). */
function recordingEngine(streams: Partial<StreamRow>[]) {
  const calls: string[] = [];
  let onRotate: (() => void) | undefined;
  const engine = {
    listStreams: async () => streams as StreamRow[],
    rotateShards: async (id: number, now: number) => {
      calls.push(`rotate ${id} at ${now}`);
      onRotate?.();
    },
    trimStreams: async (before: number) => void calls.push(`trim before ${before}`),
  } as Pick<StorageEngine, 'listStreams' | 'rotateShards' | 'trimStreams'> as StorageEngine;
  const rotated = () => new Promise<void>((resolve) => (onRotate = resolve));
  return { engine, calls, rotated };
}


describe('StreamMaintenance', () => {
  it('trims what is older than the retention period, by the injected clock', async () => {
    const { engine, calls } = recordingEngine([]);
    const clock = new ManualClock(10_000_000);
    const maintenance = new StreamMaintenance({ engine, clock, settings: streamsSettingsOf({ retentionHours: 1 }) }, silentLogger);
    assert.deepEqual(await maintenance.trim(), { trimmedBefore: 10_000_000 - 3_600_000 });
    assert.deepEqual(calls, [`trim before ${10_000_000 - 3_600_000}`]);
  });

  it('rotates the open streams only', async () => {
    const { engine, calls } = recordingEngine([{ id: 1 }, { id: 2, closedAt: 5 }, { id: 3 }]);
    const clock = new ManualClock(42);
    const maintenance = new StreamMaintenance({ engine, clock, settings: streamsSettingsOf() }, silentLogger);
    assert.deepEqual(await maintenance.rotate(), { rotatedStreams: 2 });
    assert.deepEqual(calls, ['rotate 1 at 42', 'rotate 3 at 42']);
  });

  it('rotates on its timer once the clock has moved a rotation period', async () => {
    const { engine, calls, rotated } = recordingEngine([{ id: 7 }]);
    const settings = streamsSettingsOf({ rotationSeconds: 0.005 });
    const clock = new ManualClock(1);
    const maintenance = new StreamMaintenance({ engine, clock, settings }, silentLogger);
    const first = rotated();
    // The maintenance timers are unref'd; this one keeps the loop alive and bounds the wait.
    const guard = setTimeout(() => assert.fail('no rotation within 5 s'), 5000);
    maintenance.start();
    clock.advance(5);
    await first;
    clearTimeout(guard);
    await maintenance.stop();
    assert.equal(calls[0], 'rotate 7 at 6');
  });

  it('rotateDue rotates once a period has passed on the clock since start or the last rotation, once per jump', async () => {
    const { engine, calls } = recordingEngine([{ id: 7 }]);
    const clock = new ManualClock(0);
    const maintenance = new StreamMaintenance({ engine, clock, settings: streamsSettingsOf({ rotationSeconds: 4 * 3600 }) }, silentLogger);
    maintenance.start();
    clock.advance(4 * 3_600_000 - 1);
    assert.deepEqual(await maintenance.rotateDue(), { rotatedStreams: 0 });
    clock.advance(1);
    assert.deepEqual(await maintenance.rotateDue(), { rotatedStreams: 1 });
    clock.advance(3 * 4 * 3_600_000);
    assert.deepEqual(await maintenance.rotateDue(), { rotatedStreams: 1 });
    assert.deepEqual(await maintenance.rotateDue(), { rotatedStreams: 0 });
    await maintenance.stop();
    assert.deepEqual(calls, [`rotate 7 at ${4 * 3_600_000}`, `rotate 7 at ${16 * 3_600_000}`]);
  });

  it('rotates when due only on the node leading maintenance; rotate() runs on any node', async () => {
    const { engine, calls } = recordingEngine([{ id: 7 }]);
    const clock = new ManualClock(0);
    let leading = false;
    const maintenance = new StreamMaintenance({ engine, clock, settings: streamsSettingsOf({ rotationSeconds: 60 }) }, silentLogger, undefined, () => leading);
    assert.deepEqual(await maintenance.rotateDue(), { rotatedStreams: 0 });
    clock.advance(60_000);
    assert.deepEqual(await maintenance.rotateDue(), { rotatedStreams: 0 }, 'due, but another node leads');
    leading = true;
    assert.deepEqual(await maintenance.rotateDue(), { rotatedStreams: 1 });
    leading = false;
    clock.advance(1);
    assert.deepEqual(await maintenance.rotate(), { rotatedStreams: 1 }, 'asked for (the admin route)');
    assert.deepEqual(calls, ['rotate 7 at 60000', 'rotate 7 at 60001']);
  });

  it('starts no rotation timer by default', async () => {
    const { engine, calls } = recordingEngine([{ id: 7 }]);
    const maintenance = new StreamMaintenance({ engine, clock: new ManualClock(1), settings: streamsSettingsOf() }, silentLogger);
    maintenance.start();
    await maintenance.stop();
    assert.deepEqual(calls, []);
  });
});

describe('streamsSettingsOf', () => {
  it('defaults to one shard, no rotation, 24 hours', () => {
    assert.deepEqual(streamsSettingsOf(), { shardCount: 1, rotationMs: 0, retentionMs: 86_400_000, readsPerSecond: 0 });
    assert.deepEqual(streamsSettingsOf({ shardCount: 4, rotationSeconds: 30, retentionHours: 0.5, readsPerSecond: 5 }), {
      shardCount: 4,
      rotationMs: 30_000,
      retentionMs: 1_800_000,
      readsPerSecond: 5,
    });
  });

  it('refuses values out of range, naming the option', () => {
    assert.throws(() => streamsSettingsOf({ shardCount: 0 }), { name: 'RangeError', message: 'streams.shardCount must be an integer from 1 to 1000, got 0' });
    assert.throws(() => streamsSettingsOf({ rotationSeconds: -1 }), {
      message: 'streams.rotationSeconds must be a number of seconds ≥ 0 (0: off), got -1',
    });
    assert.throws(() => streamsSettingsOf({ retentionHours: 0 }), { message: 'streams.retentionHours must be a number of hours > 0, got 0' });
    assert.throws(() => streamsSettingsOf({ readsPerSecond: 2.5 }), {
      message: 'streams.readsPerSecond must be an integer ≥ 0 (0: no limit), got 2.5',
    });
  });
});
