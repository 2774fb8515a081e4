import { setTimeout as delay } from 'node:timers/promises';

/**
 * Calls `probe` until it returns a value `accept` takes (by default: anything but undefined), and
 * returns that value; fails with `what` and the last value seen after `timeoutMs` (default 15 s).
 * For end-to-end tests whose effects arrive asynchronously (stream triggers, queues): it checks
 * again every `intervalMs` (default 20 ms) instead of sleeping a fixed time.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T> | T,
  options: { accept?: (value: T) => boolean; timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const accept = options.accept ?? ((value: T) => value !== undefined);
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    }
    await delay(options.intervalMs ?? 20);
  }
}
