// An Eddy node for the kill tests of schedules: `freezing-node.ts <rules|scheduler> <data> <clockMs> [freezeAfter]`,
// on a ManualClock the test moves by writing `set <ms>` lines to stdin (each answered `clock <ms>`).
// With freezeAfter: once that many schedules have been fired — scheduled rules (`rules`: their firings taken
// and stored) or Scheduler schedules (`scheduler`: their due times taken and their executions stored) — the
// process prints `frozen after N` and stops where it is (Atomics.wait blocks the event loop, so nothing
// else runs: not the rest of the pass, not the deliveries or executions), for the test to kill -9 at that
// exact point. The loops' log line after each schedule they fired is the only hook there is into a pass.
import { createInterface } from 'node:readline';
import { startEddy } from '../../src/main.js';
import { ManualClock } from '../../src/shared/clock.js';
import type { Logger } from '../../src/shared/logger.js';

const FIRED = {
  rules: /^bus: scheduled rule \S+?(?:: \d+ missed firing|\s+fired for )/,
  scheduler: /^scheduler: schedule \S+ fired for /,
};
const [kind, data, clockMs, freezeAfter] = process.argv.slice(2);
const fired = FIRED[kind as keyof typeof FIRED];
if (fired === undefined) throw new Error(`freezing-node: kind must be rules or scheduler, got ${kind}`);
const clock = new ManualClock(Number(clockMs));
let count = 0;

function firedOne(message: string): void {
  if (freezeAfter === undefined || !fired.test(message) || ++count < Number(freezeAfter)) return;
  process.stdout.write(`frozen after ${count}\n`); // synchronous on a pipe
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  process.exit(86); // never killed: the test is gone; do not go on as if nothing happened
}

const logger: Logger = {
  info: firedOne,
  debug: firedOne,
  warn: (message) => console.error(message),
  error: (message, error) => console.error(message, error ?? ''),
};
const eddy = await startEddy({ port: 0, data: data!, clock, log: logger, logLevel: 'debug' });
createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, ms] = line.split(' ');
  if (command === 'set') clock.set(Number(ms));
  console.log(`clock ${clock.now()}`);
});
console.log(`ready on ${eddy.endpoint}`);
process.once('SIGTERM', () => void eddy.stop().then(() => process.exit(0)));
