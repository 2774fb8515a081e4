import { signedHeaders } from './eddy.js';
import { eventually } from './eventually.js';

/**
 * Resolves once `count` receives (ReceiveMessage long polls) are parked on `queueName` on the Eddy at
 * `endpoint`, as `eddy_queue_receivers_waiting` in `GET /_eddy/metrics` counts them: each found nothing
 * and waits for a message, a wake-up or its time. Tests start a long poll, wait for this, then send or
 * jump the clock, instead of sleeping and hoping the poll got there first. (That node's receives only.)
 */
export async function untilReceiversWaiting(endpoint: string, queueName: string, count = 1, options: { timeoutMs?: number } = {}): Promise<void> {
  const url = `${endpoint}/_eddy/metrics`;
  const sample = `eddy_queue_receivers_waiting{queue="${queueName}"} `;
  await eventually(
    `${count} receive(s) parked on ${queueName}`,
    async () => {
      const res = await fetch(url, { headers: signedHeaders('GET', url, {}, '', 'eddy') });
      if (!res.ok) throw new Error(`GET /_eddy/metrics: ${res.status} ${await res.text()}`);
      const line = (await res.text()).split('\n').find((l) => l.startsWith(sample));
      return line === undefined ? undefined : Number(line.slice(sample.length));
    },
    { accept: (waiting) => waiting === count, timeoutMs: options.timeoutMs ?? 10_000 },
  );
}
