import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../shared/logger.js';
import { RawJson } from '../shared/raw-json.js';
import { ServiceError, coralErrors } from '../shared/service-error.js';
import { AMZ_JSON_1_0, errorBody, newRequestId, sendJson } from './aws-json-response.js';
import type { JsonService } from './json-service.js';
import type { RestRoute, RestService } from './rest-service.js';
import { readBody } from './read-body.js';

/** An admin action under /_eddy: the parsed JSON body (or {}) in, the JSON answer out. */
export type AdminRoute = (input: unknown) => Promise<unknown>;

/**
 * A long-lived admin feed under /_eddy (GET), sent as Server-Sent Events. `send` writes one event
 * (headers go out with the first one); throwing a ServiceError before the first event answers JSON
 * instead. `signal` aborts when the client leaves or the server stops.
 */
export type AdminFeed = (request: {
  params: readonly string[];
  query: URLSearchParams;
  send(event: string, data: string): void;
  signal: AbortSignal;
}) => Promise<void>;

export interface HttpServerOptions {
  services: readonly JsonService[];
  /** REST-JSON services (Lambda), matched by method and path before the JSON services. */
  restServices?: readonly RestService[];
  /** Feeds by path pattern; the pattern's capture groups become `params` (URL-decoded). */
  adminFeeds?: readonly { path: RegExp; feed: AdminFeed }[];
  /** Admin routes by `METHOD /path` (e.g. `POST /_eddy/streams/trim`); they need no Authorization. */
  adminRoutes?: Readonly<Record<string, AdminRoute>>;
  logger: Logger;
  /** Plain-text answer to `GET /`. */
  healthText: string;
}

/**
 * The one HTTP server of Eddy. Converts the wire to plain objects and back; knows no service semantics.
 * Tracks requests in flight so `close()` can let them finish.
 */
export class HttpServer {
  readonly #server: Server;
  readonly #services = new Map<string, JsonService>();
  readonly #restRoutes: { route: RestRoute; service: RestService }[] = [];
  readonly #adminRoutes: ReadonlyMap<string, AdminRoute>;
  readonly #adminFeeds: readonly { path: RegExp; feed: AdminFeed }[];
  /** Aborts every open feed when the server closes (a feed never ends on its own). */
  readonly #feedsOpen = new AbortController();
  readonly #logger: Logger;
  readonly #healthText: string;
  #inFlight = 0;
  #drained: (() => void) | undefined;

  constructor(options: HttpServerOptions) {
    for (const service of options.services) this.#services.set(service.targetPrefix, service);
    for (const service of options.restServices ?? []) {
      for (const route of service.routes) this.#restRoutes.push({ route, service });
    }
    this.#adminRoutes = new Map(Object.entries(options.adminRoutes ?? {}));
    this.#adminFeeds = options.adminFeeds ?? [];
    this.#logger = options.logger;
    this.#healthText = options.healthText;
    this.#server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => this.#handle(req, res));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#feedsOpen.abort();
    this.#server.closeIdleConnections();
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    this.#server.closeAllConnections();
    await closed;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    this.#inFlight++;
    res.once('close', () => {
      if (--this.#inFlight === 0 && this.#drained) this.#drained();
    });
    const rest = this.#matchRest(req);
    if (req.url?.startsWith('/_eddy/')) {
      void this.#handleAdmin(req, res);
    } else if (rest) {
      void this.#handleRest(req, res, rest.route, rest.service, rest.params);
    } else if (req.method === 'POST') {
      void this.#handleJson(req, res);
    } else if ((req.method === 'GET' || req.method === 'HEAD') && (req.url === '/' || req.url?.startsWith('/?'))) {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(this.#healthText) });
      res.end(req.method === 'HEAD' ? undefined : this.#healthText);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    }
  }

  async #handleJson(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const contentType = req.headers['content-type']?.startsWith('application/x-amz-json-1.1')
      ? 'application/x-amz-json-1.1'
      : AMZ_JSON_1_0;
    const target = req.headers['x-amz-target'];
    const dot = typeof target === 'string' ? target.indexOf('.') : -1;
    const service = dot > 0 ? this.#services.get((target as string).slice(0, dot)) : undefined;
    try {
      const operation = service?.operations.get((target as string).slice(dot + 1));
      if (!service || !operation) {
        req.resume();
        throw coralErrors.unknownOperation();
      }
      if (!isAuthenticated(req)) {
        req.resume();
        throw coralErrors.missingAuthenticationToken();
      }
      const input = parseBody(await readBody(req));
      const result = await operation(input);
      const body = result instanceof RawJson ? result.text : JSON.stringify(result ?? {});
      sendJson(res, 200, body, requestId, contentType);
    } catch (error) {
      this.#sendError(res, error, requestId, contentType, service);
    }
  }

  #matchRest(req: IncomingMessage): { route: RestRoute; service: RestService; params: string[] } | undefined {
    if (this.#restRoutes.length === 0) return undefined;
    const path = (req.url ?? '/').split('?')[0]!;
    for (const { route, service } of this.#restRoutes) {
      if (route.method !== req.method) continue;
      const match = route.path.exec(path);
      if (match) return { route, service, params: match.slice(1).map((p) => decodeURIComponent(p ?? '')) };
    }
    return undefined;
  }

  async #handleRest(req: IncomingMessage, res: ServerResponse, route: RestRoute, service: RestService, params: string[]): Promise<void> {
    const requestId = newRequestId();
    let answer;
    try {
      if (!isAuthenticated(req)) {
        req.resume();
        throw coralErrors.missingAuthenticationToken();
      }
      const body = await readBody(req);
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
      answer = await route.handle({
        method: req.method ?? 'GET',
        params,
        query: new URL(req.url ?? '/', 'http://eddy').searchParams,
        headers,
        body,
      });
    } catch (error) {
      let serviceError: ServiceError;
      if (error instanceof ServiceError) serviceError = error;
      else {
        this.#logger.error(`[${requestId}] internal error`, error);
        serviceError = service.internalError();
      }
      answer = service.errorResponse(serviceError);
    }
    if (res.headersSent) return;
    const body = answer.body ?? '';
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
      ...answer.headers,
    });
    res.end(body);
  }

  /** `/_eddy/...`: plain JSON in and out, no AWS envelope and no credentials (the admin API is local). */
  async #handleAdmin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'GET') {
      for (const { path: pattern, feed } of this.#adminFeeds) {
        const match = pattern.exec(path);
        if (match) return this.#runFeed(req, res, feed, match, requestId);
      }
    }
    const route = this.#adminRoutes.get(`${req.method} ${path}`);
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
      });
      res.end(text);
    };
    if (!route) {
      req.resume();
      answer(404, { message: `No admin route ${req.method} ${path}` });
      return;
    }
    try {
      const body = await readBody(req);
      let input: unknown = {};
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          answer(400, { message: 'The body is not valid JSON' });
          return;
        }
      }
      answer(200, (await route(input)) ?? {});
    } catch (error) {
      if (error instanceof ServiceError) {
        answer(error.statusCode, { type: error.code, message: error.message });
        return;
      }
      this.#logger.error(`[${requestId}] admin ${req.method} ${path} failed`, error);
      answer(500, { message: 'Internal error' });
    }
  }

  async #runFeed(req: IncomingMessage, res: ServerResponse, feed: AdminFeed, match: RegExpExecArray, requestId: string): Promise<void> {
    req.resume();
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
        params: match.slice(1).map((param) => decodeURIComponent(param)),
        query: new URL(req.url ?? '/', 'http://eddy').searchParams,
        send: (event, data) => {
          if (left.signal.aborted) return;
          open();
          res.write(`event: ${event}\ndata: ${data.replace(/\n/g, '\ndata: ')}\n\n`);
        },
        signal: left.signal,
      });
    } catch (error) {
      if (!res.headersSent) {
        const known = error instanceof ServiceError;
        if (!known) this.#logger.error(`[${requestId}] admin feed failed`, error);
        const text = JSON.stringify(known ? { type: error.code, message: error.message } : { message: 'Internal error' });
        res.writeHead(known ? error.statusCode : 500, { 'content-type': 'application/json', 'x-amzn-requestid': requestId });
        res.end(text);
        return;
      }
      this.#logger.error(`[${requestId}] admin feed failed`, error);
    } finally {
      clearInterval(heartbeat);
      this.#feedsOpen.signal.removeEventListener('abort', abort);
    }
    res.end();
  }

  #sendError(res: ServerResponse, error: unknown, requestId: string, contentType: string, service?: JsonService): void {
    let serviceError: ServiceError;
    if (error instanceof ServiceError) {
      serviceError = error;
    } else {
      this.#logger.error(`[${requestId}] internal error`, error);
      serviceError = service ? service.internalError() : new ServiceError('InternalFailure', 'Internal error', 500);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, serviceError.statusCode, errorBody(serviceError), requestId, contentType, serviceError.headers);
  }
}

/** Signature verification comes later; for now a request must carry some credentials, as AWS requires. */
function isAuthenticated(req: IncomingMessage): boolean {
  if (req.headers.authorization) return true;
  const url = req.url ?? '';
  return url.includes('X-Amz-Algorithm=') || url.includes('X-Amz-Credential=');
}

/** The body must be one JSON object; anything else is AWS's SerializationException (sent without a message). */
function parseBody(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
  } catch {
    throw coralErrors.serialization('');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw coralErrors.serialization('Start of structure or map found where not expected');
  }
  return parsed as Record<string, unknown>;
}
