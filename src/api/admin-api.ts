import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import { ConsoleHosts, crossOriginRefusal, hostRefusal } from './admin-origin.js';
import type { ConsoleAccess } from './console/console-access.js';
import { SESSION_PATH } from './console/console-sessions.js';
import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../shared/json-depth.js';
import { ClientGoneError, readBody } from '../shared/read-body.js';
import { decodePathParams, malformedPathMessage, type RequestTarget } from './request-target.js';

/** An admin action under /_eddy: the parsed JSON body (or {}) and the query string in, the JSON answer out. */
export type AdminRoute = (input: unknown, query: URLSearchParams) => Promise<unknown>;

/**
 * A long-lived admin feed under /_eddy (GET), sent as Server-Sent Events. `send` writes one event
 * (headers go out with the first one); throwing a ServiceError before the first event answers JSON
 * instead. `signal` aborts when the client leaves or the server stops.
 */
export type AdminFeed = (request: {
  params: readonly string[];
  query: URLSearchParams;
  send(event: string, data: string): void;
  /** Bytes sent but not yet taken by the client: a feed faster than its reader may skip while it is high. */
  backlog(): number;
  signal: AbortSignal;
}) => Promise<void>;

/**
 * Checks an admin request's signature before its body is read (throwing the ServiceError to answer);
 * returns what checks it over the body once read, or undefined when Eddy verifies no signatures.
 */
export type AdminSignatureCheck = (req: IncomingMessage, target: RequestTarget) => ((body: Buffer) => void) | undefined;

/**
 * `/_eddy/...`: plain JSON in and out, no AWS envelope. Credentials only when Eddy verifies signatures
 * (then every admin request must be SigV4-signed with a configured pair, any service name); otherwise
 * the admin API is open, as it is local.
 */
export class AdminApi {
  readonly #routes: ReadonlyMap<string, AdminRoute>;
  readonly #feeds: readonly { path: RegExp; feed: AdminFeed }[];
  readonly #logger: Logger;
  readonly #checkSignature: AdminSignatureCheck;
  readonly #access: ConsoleAccess | undefined;
  readonly #hosts: ConsoleHosts;
  /** Aborts every open feed when the server closes (a feed never ends on its own). */
  readonly #feedsOpen = new AbortController();

  constructor(routes: Readonly<Record<string, AdminRoute>>, feeds: readonly { path: RegExp; feed: AdminFeed }[], logger: Logger, checkSignature: AdminSignatureCheck = () => undefined, access?: ConsoleAccess) {
    this.#routes = new Map(Object.entries(routes));
    this.#feeds = feeds;
    this.#logger = logger;
    this.#checkSignature = checkSignature;
    this.#access = access;
    this.#hosts = access?.hosts ?? new ConsoleHosts('127.0.0.1');
  }

  /**
   * Refuses (403) a request at a Host name DNS could rebind (ConsoleHosts): a browser's (`anyClient` false),
   * or anyone's (the console's files); false when it may go on.
   */
  refusesHost(req: IncomingMessage, res: ServerResponse, anyClient: boolean): boolean {
    const refusal = hostRefusal(req, this.#hosts, anyClient);
    if (refusal === undefined) return false;
    req.resume();
    const text = JSON.stringify({ type: 'AccessDeniedException', message: refusal });
    res.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return true;
  }

  /** Ends every open feed. */
  close(): void {
    this.#feedsOpen.abort();
  }

  async handle(req: IncomingMessage, res: ServerResponse, target: RequestTarget, requestId: string): Promise<void> {
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
      });
      res.end(text);
    };
    const refusal = crossOriginRefusal(req, this.#hosts);
    if (refusal) {
      req.resume();
      return answer(403, { type: 'AccessDeniedException', message: refusal });
    }
    if (this.#access && target.path === SESSION_PATH) return this.#access.sessions.serve(req, res, requestId); // a key pair in the body, not a signature
    let verify: ((body: Buffer) => void) | undefined;
    try {
      verify = (await this.#access?.sessions.admits(req)) ? undefined : this.#checkSignature(req, target);
    } catch (error) {
      req.resume();
      if (error instanceof ServiceError) return answer(error.statusCode, { type: error.code, message: error.message });
      throw error;
    }
    if (req.method === 'GET') {
      for (const { path, feed } of this.#feeds) {
        const match = path.exec(target.path);
        if (!match) continue;
        req.resume();
        try {
          verify?.(Buffer.alloc(0));
        } catch (error) {
          if (error instanceof ServiceError) return answer(error.statusCode, { type: error.code, message: error.message });
          throw error;
        }
        const params = decodePathParams(match.slice(1));
        if (!params) return answer(400, { type: 'ValidationException', message: malformedPathMessage(target.path) });
        return this.#runFeed(res, feed, params, target.query, requestId);
      }
    }
    const route = this.#routes.get(`${req.method} ${target.path}`);
    if (!route) {
      req.resume();
      return answer(404, { message: `No admin route ${req.method} ${target.path}` });
    }
    try {
      const body = await readBody(req);
      verify?.(body);
      let input: unknown = {};
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          return answer(400, { type: 'SerializationException', message: 'The body is not valid JSON' });
        }
        if (mayExceedDepth(body.length) && jsonDepthExceeds(input)) {
          return answer(400, { type: 'SerializationException', message: `The body nests deeper than ${MAX_JSON_DEPTH} levels` });
        }
      }
      answer(200, (await route(input, target.query)) ?? {});
    } catch (error) {
      if (error instanceof ClientGoneError) return this.#logger.debug(`[${requestId}] admin ${req.method} ${target.path}: ${error.message}`);
      if (error instanceof ServiceError) return answer(error.statusCode, { type: error.code, message: error.message });
      this.#logger.error(`[${requestId}] admin ${req.method} ${target.path} failed`, error);
      answer(500, { message: 'Internal error' });
    }
  }

  async #runFeed(res: ServerResponse, feed: AdminFeed, params: string[], query: URLSearchParams, requestId: string): Promise<void> {
    const left = new AbortController();
    const abort = () => left.abort();
    res.once('close', abort);
    this.#feedsOpen.signal.addEventListener('abort', abort, { once: true });
    let heartbeat: NodeJS.Timeout | undefined;
    const open = () => {
      if (res.headersSent) return;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-amzn-requestid': requestId,
      });
      heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      heartbeat.unref();
    };
    try {
      await feed({
        params,
        query,
        send: (event, data) => {
          if (left.signal.aborted) return;
          open();
          res.write(`event: ${event}\ndata: ${data.replace(/\n/g, '\ndata: ')}\n\n`);
        },
        backlog: () => res.writableLength,
        signal: left.signal,
      });
    } catch (error) {
      const known = error instanceof ServiceError;
      if (!known) this.#logger.error(`[${requestId}] admin feed failed`, error);
      if (!res.headersSent) {
        const text = JSON.stringify(known ? { type: error.code, message: error.message } : { message: 'Internal error' });
        res.writeHead(known ? error.statusCode : 500, { 'content-type': 'application/json', 'x-amzn-requestid': requestId });
        res.end(text);
        return;
      }
    } finally {
      clearInterval(heartbeat);
      this.#feedsOpen.signal.removeEventListener('abort', abort);
    }
    res.end();
  }
}
