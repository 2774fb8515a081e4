// Latency distributions for the delivery benchmarks: percentiles of a list of milliseconds, and an
// open-loop driver that issues requests on a fixed schedule whatever the answers' pace (a closed loop
// slows down with the server and so hides its stalls: a request that waits 50 ms holds back the next).

/** @param {number[]} sorted ascending @param {number} p 0–100 */
export const percentile = (sorted, p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/**
 * @param {number[]} values milliseconds, any order
 * @returns {{ n: number, p50: number, p99: number, p999: number, max: number }}
 */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9), max: sorted.at(-1) ?? NaN };
}

/** `p50 / p99 / p99.9 / max` in ms, for a table cell. */
export const formatSpread = (/** @type {ReturnType<typeof spread>} */ s) => [s.p50, s.p99, s.p999, s.max].map((x) => x.toFixed(2)).join(' / ');

/** A wall-clock instant in ms with sub-ms resolution that every process on the machine shares. */
export const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Calls `fire(i)` for i = 0 … rate × seconds − 1, the i-th at i / rate seconds after the start (a late
 * timer fires the overdue ones at once), and waits for them all. `fire` keeps its own timings.
 * @param {number} rate per second
 * @param {number} seconds
 * @param {(i: number) => Promise<unknown>} fire
 */
export async function openLoop(rate, seconds, fire) {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  /** @type {Promise<unknown>[]} */
  const calls = [];
  while (calls.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (calls.length < due) calls.push(fire(calls.length));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(calls);
}
