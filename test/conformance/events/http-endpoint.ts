import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request an endpoint received. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the endpoint answers one request: a status (and body, headers), or `hang` to never answer. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/**
 * A local HTTP server (127.0.0.1, a free port) standing in for an API destination or an OAuth
 * authorization endpoint. `answer` decides each response (default: 200 `{}`); every request is kept,
 * and `received(n)` waits until n have arrived (an event-driven wait, bounded).
 */
export interface TestEndpoint {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  answer: (request: ReceivedRequest, index: number) => Answer;
  received(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startEndpoint(answer: TestEndpoint['answer'] = () => ({ status: 200, body: '{}' })): Promise<TestEndpoint> {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = requests.push(request) - 1;
      for (const wake of waiters.splice(0)) wake();
      const answer = endpoint.answer(request, index);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint: TestEndpoint = {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer,
    async received(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${count} requests; ${requests.length} arrived: ${JSON.stringify(requests.map((r) => `${r.method} ${r.url}`))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests.slice(0, count);
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return endpoint;
}
