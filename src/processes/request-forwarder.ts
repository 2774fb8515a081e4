import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.js';
import { sendUnreachable } from './unreachable-answer.js';

/** Headers of one connection, not of the request: each leg (client → here, here → primary) has its own. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);

/**
 * Passes a request to the primary byte for byte — method, target, headers as sent (case and order kept),
 * body streamed as it comes — and streams its answer back as the primary writes it, so long polls and
 * server-sent events behave as they do against the primary. A client that goes away ends the primary's
 * request too (a long poll stops waiting for it). When the primary cannot be reached, the request's service's
 * error answers (unreachable-answer.ts).
 */
export class RequestForwarder {
  readonly #agent = new Agent({ keepAlive: true, scheduling: 'lifo', noDelay: true });
  readonly #primary: { readonly host: string; readonly port: number };
  readonly #logger: Logger;

  constructor(primary: { readonly host: string; readonly port: number }, logger: Logger) {
    this.#primary = primary;
    this.#logger = logger;
  }

  forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request({
      agent: this.#agent,
      host: this.#primary.host,
      port: this.#primary.port,
      method: req.method,
      path: req.url,
      headers: withoutHopByHop(req.rawHeaders),
    });
    upstream.on('response', (answer) => {
      if (res.destroyed) return void answer.destroy();
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.rawHeaders));
      // An answer of unknown length (an event stream) may wait long for its first chunk: its headers go now.
      // One with a length follows at once, and goes out with its headers in one packet.
      if (answer.headers['content-length'] === undefined) res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', (error) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      this.#logger.warn(`request process: the primary did not answer ${req.method} ${req.url}: ${error.message}`);
      sendUnreachable(req, res);
    });
    // The answer finished or the client went away: a request still open upstream is abandoned with it.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  close(): void {
    this.#agent.destroy();
  }
}

function withoutHopByHop(raw: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) kept.push(raw[i]!, raw[i + 1]!);
  }
  return kept;
}
