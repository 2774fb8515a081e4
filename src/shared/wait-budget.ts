import { performance } from 'node:perf_hooks';
import type { Clock } from './clock.js';

/**
 * How long a wait that holds a caller (a long poll, a batching window) has left: `ms` on the injected Clock
 * or `ms` of real time, whichever runs out first. The Clock lets a test (or time control) end the wait by
 * moving time; real time bounds it when the Clock stands still (a ManualClock nobody moves), since the
 * caller is held for real.
 */
export function waitBudget(clock: Clock, ms: number): () => number {
  const since = clock.now();
  const realSince = performance.now();
  return () => Math.min(ms - (clock.now() - since), ms - (performance.now() - realSince));
}
