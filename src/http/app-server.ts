import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NormalizedCors, NormalizedRoute } from '../config/normalized-config.js';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import type { Logger } from '../shared/logger.js';
import { appRequestOf, type AppRequest } from './app-request.js';
import { Cors } from './cors.js';
import { functionResponse, gatewayAnswer, internalError, type AppResponse } from './function-response.js';
import { payloadV1 } from './payload-v1.js';
import { payloadV2 } from './payload-v2.js';
import { RouteTable } from './route-table.js';
import { ClientGoneError, readRawBody } from '../shared/read-body.js';
import { answerAppClientError } from './app-client-errors.js';
import type { ReservedPort } from '../shared/reserved-port.js';
import { ServiceError } from '../shared/service-error.js';

/** API Gateway's request payload limit (HTTP API: 10 MB). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The API id Eddy's one API goes by (requestContext.apiId and domainPrefix). */
const API_ID = 'eddy';

export interface AppServerOptions {
  routes: readonly NormalizedRoute[];
  cors?: NormalizedCors;
  runtime: Pick<FunctionRuntime, 'invoke'>;
  accountId: string;
  logger: Logger;
  /** Milliseconds since the epoch; the request's `time`. */
  now?: () => number;
  /** How long a client may take to send a whole request (default 60 s), then 408 and the connection closed. */
  requestTimeoutMs?: number;
  /**
   * Idle keep-alive connections: the timeout answers announce (`Keep-Alive: timeout=`, whole seconds,
   * default 5 s) and how long the server keeps one open (default 65 s, node:http adds 1 s): see KEEP_ALIVE.
   */
  keepAlive?: { readonly announcedMs: number; readonly idleMs: number };
}

/**
 * node:http announces the keep-alive timeout it closes idle connections at (plus 1 s), and node's own
 * client closes its idle sockets 1 s before the announced one: a client whose event loop is held up
 * for 2 s after an answer (a starved machine, a big synchronous job) reuses a socket the server has
 * just closed, and its request gets no answer ("socket hang up", ECONNRESET). So the port announces
 * 5 s but keeps idle connections for 65 s (the AWS port's), which clients that honour the announcement
 * never reach and clients that do not (curl, browsers) are used to.
 */
const KEEP_ALIVE = { announcedMs: 5_000, idleMs: 65_000 };

/**
 * The application port: routes requests to functions the way API Gateway's HTTP API does (events in
 * payload format 2.0 or 1.0, responses mapped back, its own 404 / 502 / 504 answers, CORS), and logs
 * one line per request: method, path, status, duration, function.
 */
export class AppServer {
  #table: RouteTable;
  #cors: Cors | undefined;
  readonly #options: AppServerOptions;
  readonly #server: Server;
  /** The Keep-Alive header's value: set here, node:http would announce the longer time it keeps connections. */
  readonly #keepAliveHeader: string;

  constructor(options: AppServerOptions) {
    this.#options = options;
    this.#table = new RouteTable(options.routes);
    this.#cors = options.cors && new Cors(options.cors);
    const requestTimeout = options.requestTimeoutMs ?? 60_000;
    const keepAlive = options.keepAlive ?? KEEP_ALIVE;
    this.#keepAliveHeader = `timeout=${Math.floor(keepAlive.announcedMs / 1000)}`;
    this.#server = createServer(
      {
        keepAliveTimeout: keepAlive.idleMs,
        requestTimeout,
        headersTimeout: requestTimeout,
        connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(requestTimeout / 4))),
      },
      (req, res) => {
        this.#handle(req, res).catch((error: unknown) => {
          // A bug of Eddy's (the request was answered or abandoned already where it could be).
          this.#options.logger.error(`${req.method} ${req.url}: internal error`, error);
          if (!res.headersSent) this.#send(res, internalError('internal error'), false);
          else res.destroy();
        });
      },
    );
    // A request not sent in time, headers too large, malformed HTTP: answered in API Gateway's shape.
    this.#server.on('clientError', answerAppClientError);
  }

  get routes(): readonly NormalizedRoute[] {
    return this.#table.routes;
  }

  /** Serves other routes and CORS from the next request on (`eddy dev`, after a config edit). */
  setApi(routes: readonly NormalizedRoute[], cors: NormalizedCors | undefined): void {
    this.#table = new RouteTable(routes);
    this.#cors = cors && new Cors(cors);
  }

  /** Serves a port bound earlier (so a busy port failed the start before anything was created). */
  listenOn(port: ReservedPort): Promise<AddressInfo> {
    return port.handOver(this.#server);
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

  /** Stops accepting, lets requests in flight finish (their invocations too), closes idle connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let target = '-';
    let response: AppResponse;
    let request: AppRequest | undefined;
    try {
      const body = await readRawBody(req, MAX_BODY_BYTES).catch((error: unknown) => {
        if (error instanceof ServiceError && error.statusCode === 413) return undefined;
        throw error;
      });
      const now = this.#options.now?.() ?? Date.now();
      request = appRequestOf(req, body ?? Buffer.alloc(0), randomUUID(), new Date(now));
      if (body === undefined) response = gatewayAnswer(413, 'Request Entity Too Large');
      else if (this.#cors && Cors.isPreflight(request.method, request.headers)) {
        response = { status: 204, headers: this.#cors.preflight(request.headers), body: Buffer.alloc(0) };
        target = '(CORS preflight)';
      } else {
        const matched = this.#table.match(request.method, request.rawPath);
        if (!matched) response = gatewayAnswer(404, 'Not Found');
        else {
          target = matched.route.function;
          const api = { accountId: this.#options.accountId, apiId: API_ID, domainName: req.headers.host ?? 'localhost' };
          const event = matched.route.payloadFormat === '1.0' ? payloadV1(request, matched, api) : payloadV2(request, matched, api);
          // This server prints a line per request; the runtime adds one only for a failed invocation.
          const result = await this.#options.runtime.invoke(matched.route.function, { payload: JSON.stringify(event), whenBusy: 'wait', terminalLine: 'failures' });
          response = functionResponse(result, matched.route.payloadFormat);
        }
        if (this.#cors) response.headers = this.#cors.apply(request.headers, response.headers);
      }
    } catch (error) {
      if (error instanceof ClientGoneError) {
        this.#options.logger.debug(`${req.method} ${req.url}: ${error.message}`);
        return;
      }
      // An invocation error (the function gone, the runtime closing): API Gateway's 5xx, and the cause logged.
      response = internalError(`could not invoke ${target}: ${(error as Error).message}`);
    }
    this.#send(res, response, request?.method === 'HEAD');
    const ms = Math.round(performance.now() - started);
    const path = request ? request.rawPath + (request.rawQueryString ? `?${request.rawQueryString}` : '') : (req.url ?? '/');
    const line = `${req.method ?? 'GET'} ${path} ${response.status} ${ms}ms ${target}`;
    if (response.problem) this.#options.logger.warn(`${line} — ${response.problem}`);
    else this.#options.logger.info(line);
  }

  #send(res: ServerResponse, response: AppResponse, head: boolean): void {
    // The length is the body's own; a function's content-length or transfer-encoding could only lie, and keep-alive is the port's.
    const headers: string[] = response.headers
      .filter(([name]) => !['content-length', 'transfer-encoding', 'keep-alive'].includes(name.toLowerCase()))
      .flat();
    headers.push('content-length', String(response.body.length));
    // An answer before the whole body came (413): the rest is drained, but the connection must not carry
    // another request, which the request timeout could cut off with the 408 meant for this one.
    if (!res.req.complete) headers.push('connection', 'close');
    else if (res.shouldKeepAlive) headers.push('keep-alive', this.#keepAliveHeader);
    res.writeHead(response.status, headers);
    res.end(head ? undefined : response.body);
  }
}
