import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { WireRequest } from './fuzz-request.js';

export interface WireAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Sends fuzz requests with node:http over keep-alive connections, so a connection that carried an
 * error carries the next request too. No retries: a connection dropped before the answer, or no
 * answer in time, rejects.
 */
export class WireClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 8 });
  /** Sockets with a listener for errors nobody else hears (see send); a keep-alive socket carries many requests. */
  readonly #guarded = new WeakSet<object>();
  readonly #ports: Record<WireRequest['port'], URL | undefined>;

  constructor(aws: string, app: string | undefined) {
    this.#ports = { aws: new URL(aws), app: app === undefined ? undefined : new URL(app) };
  }

  send(wire: WireRequest, timeoutMs = 30_000): Promise<WireAnswer> {
    const base = this.#ports[wire.port];
    if (!base) return Promise.reject(new Error(`no ${wire.port} port`));
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = request({
        host: base.hostname,
        port: base.port,
        method: wire.method,
        path: wire.path,
        headers: { ...wire.headers, 'content-length': String(wire.body.length) },
        agent: this.#agent,
      });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      // The request lets go of its socket's errors once the answer is read, but the body may still be going
      // out (an early 413): the server then resets the connection, and that write's error is no one's.
      req.once('socket', (socket) => {
        if (this.#guarded.has(socket)) return;
        this.#guarded.add(socket);
        socket.on('error', () => {});
      });
      req.on('error', (error) => {
        // An early answer (413, unknown operation) may come while the body is still going out.
        if (!answered) fail(error);
      });
      req.on('response', (res) => {
        answered = true;
        const done = (body: Buffer) => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        };
        if (wire.feed && res.statusCode === 200) {
          // An open feed: its head is the answer; hanging up ends it on the server.
          req.destroy();
          return done(Buffer.alloc(0));
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(Buffer.concat(chunks)));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('the connection closed in the middle of the answer')));
      });
      req.end(wire.body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** The request as the failure report shows it: enough to send it again by hand. */
export function describeRequest(wire: WireRequest): string {
  const all = Object.entries(wire.headers);
  const shown = all.filter(([name]) => !name.startsWith('x-fuzz-'));
  const extra = all.length - shown.length;
  const headers = shown
    .map(([name, value]) => `  ${name}: ${JSON.stringify(String(value).slice(0, 300))}${String(value).length > 300 ? ` (${String(value).length} chars)` : ''}`)
    .concat(extra > 0 ? [`  (${extra} headers x-fuzz-0… of ${String(wire.headers['x-fuzz-0']).length} bytes each)`] : [])
    .join('\n');
  const prefix = wire.body.subarray(0, 600).toString('latin1');
  return [
    wire.label,
    `${wire.method} ${JSON.stringify(wire.path.length > 500 ? `${wire.path.slice(0, 500)}...` : wire.path)} (${wire.port} port)`,
    headers,
    `  body: ${wire.body.length} bytes, first ${Math.min(600, wire.body.length)} as latin1: ${JSON.stringify(prefix)}`,
  ].join('\n');
}
