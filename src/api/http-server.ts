import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../shared/json-depth.js';
import type { Logger } from '../shared/logger.js';
import type { ReservedPort } from '../shared/reserved-port.js';
import { RawJson } from '../shared/raw-json.js';
import { ServiceError, coralErrors } from '../shared/service-error.js';
import { systemClock } from '../shared/clock.js';
import { SigV4Verifier } from './sigv4/sigv4-verifier.js';
import type { SignatureInput } from './sigv4/signature-input.js';
import { forService } from './sigv4/sigv4-errors.js';
import { hoistedHeader } from './sigv4/hoisted-headers.js';
import { AdminApi } from './admin-api.js';
import { ConsoleFiles } from './console/console-files.js';
import { AMZ_JSON_1_0, errorBody, sendJson } from './aws-json-response.js';
import { answerClientError } from './client-errors.js';
import { AllowedOrigins, allowOrigin, answerPreflight } from './cors.js';
import { newDynamoDbRequestId, requestIdFor } from './request-id.js';
import type { JsonService } from './json-service.js';
import { LAMBDA_PATH, lambdaOperationName } from './lambda-operation-names.js';
import { MemoryRelease } from './memory-release.js';
import { UnservedLog, jsonRequest, queryRequest, s3Request, serviceOfScope, signingService, unknownJsonOperation, type UnservedRequest } from './unserved.js';
import { sendQueryError, sendRestJsonError, sendS3Error } from './unserved-responses.js';
import type { RestRoute, RestService } from './rest-service.js';
import { ClientGoneError, readBody, readBodyText } from '../shared/read-body.js';
import { decodePathParams, malformedPathMessage, requestTarget, type RequestTarget } from './request-target.js';
import { answerQuery, queryError, queryOperation, queryParams, type QueryAnswer, type QueryService } from './query-protocol/query-service.js';
import { METRICS_PATH, answerScrape } from '../metrics/metrics-endpoint.js';

export type { AdminFeed, AdminRoute } from './admin-api.js';

import type { HttpServerOptions } from './http-server-options.js';
export type { HttpServerOptions } from './http-server-options.js';


/**
 * The one HTTP server of Eddy. Converts the wire to plain objects and back; knows no service semantics.
 * Tracks requests in flight so `close()` can let them finish. Nothing a client sends can throw out of
 * it: bad input is a 4xx in the service's shape, a bug a 500 logged once with the request id.
 */
export class HttpServer {
  readonly #server: Server;
  readonly #services = new Map<string, JsonService>();
  readonly #restRoutes: { route: RestRoute; service: RestService }[] = [];
  /** Whether a REST route serves `/`, where every JSON and query request goes: else those skip the routes. */
  readonly #restAtRoot: boolean;
  readonly #queryServices = new Map<string, QueryService>();
  readonly #admin: AdminApi;
  readonly #logger: Logger;
  readonly #healthText: string;
  readonly #healthCrc: string;
  readonly #memory = new MemoryRelease();
  readonly #unservedLog: UnservedLog;
  readonly #signatures: SigV4Verifier;
  readonly #origins: AllowedOrigins;
  readonly #publicFiles: HttpServerOptions['publicFiles'];
  readonly #metrics: HttpServerOptions['metrics'];
  readonly #console = new ConsoleFiles();
  #inFlight = 0;
  #drained: (() => void) | undefined;

  constructor(options: HttpServerOptions) {
    for (const service of options.services) this.#services.set(service.targetPrefix, service);
    for (const service of options.queryServices ?? []) this.#queryServices.set(service.signingName, service);
    for (const service of options.restServices ?? []) {
      for (const route of service.routes) this.#restRoutes.push({ route, service });
    }
    this.#restAtRoot = this.#restRoutes.some(({ route }) => new RegExp(route.path.source, route.path.flags.replace(/[gy]/g, '')).test('/'));
    this.#signatures = options.signatures ?? new SigV4Verifier([], systemClock);
    this.#origins = new AllowedOrigins({ origins: options.corsOrigins, signed: this.#signatures.verifying, hosts: options.consoleAccess?.hosts, logger: options.logger });
    this.#admin = new AdminApi(options.adminRoutes ?? {}, options.adminFeeds ?? [], options.logger, (req, target) => this.#adminSignature(req, target), options.consoleAccess);
    this.#logger = options.logger;
    this.#publicFiles = options.publicFiles;
    this.#metrics = options.metrics;
    this.#unservedLog = new UnservedLog(options.logger);
    this.#healthText = options.healthText;
    this.#healthCrc = String(crc32(options.healthText));
    const requestTimeout = options.requestTimeoutMs ?? 60_000;
    this.#server = createServer(
      {
        keepAliveTimeout: 65_000,
        requestTimeout,
        headersTimeout: requestTimeout,
        // How often node:http looks for requests past their timeout (its default is 30 s).
        connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(requestTimeout / 4))),
      },
      (req, res) => this.#handle(req, res, options.forward),
    );
    // Headers over node's maxHeaderSize (16 KB), a request line too long, malformed HTTP, a request
    // not sent in time: answered with a status and a body rather than node's bare status line.
    this.#server.on('clientError', answerClientError);
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

  /** Serves a port bound earlier (so a busy port failed the start before anything was created). */
  listenOn(port: Pick<ReservedPort, 'handOver'>): Promise<AddressInfo> {
    return port.handOver(this.#server);
  }

  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#admin.close();
    this.#memory.close();
    this.#server.closeIdleConnections();
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    this.#server.closeAllConnections();
    await closed;
  }

  #handle(req: IncomingMessage, res: ServerResponse, forward: HttpServerOptions['forward']): void {
    this.#inFlight++;
    const started = this.#metrics ? performance.now() : 0;
    res.once('close', () => {
      this.#metrics?.requests.answered(res, started);
      if (--this.#inFlight === 0 && this.#drained) this.#drained();
    });
    if (forward?.(req, res)) return; // in flight here too: close() waits for its answer
    const requestId = requestIdFor(req.headers['x-amz-target']);
    if (req.headers.origin !== undefined && !req.url?.startsWith('/_eddy/') && this.#origins.refusal(req) === undefined) allowOrigin(res);
    let handled: Promise<void> | undefined;
    try {
      handled = this.#route(req, res, requestTarget(req.url), requestId);
    } catch (error) {
      this.#lastResort(res, error, requestId);
    }
    handled?.catch((error: unknown) => this.#lastResort(res, error, requestId));
  }

  #route(req: IncomingMessage, res: ServerResponse, target: RequestTarget, requestId: string): Promise<void> | undefined {
    if (this.#publicFiles && req.method === 'GET' && target.path.startsWith(this.#publicFiles.prefix)) return this.#publicFile(req, res, target.path);
    if (ConsoleFiles.claims(target.path)) return this.#admin.refusesHost(req, res, true) ? undefined : this.#console.serve(req, res, target.path); // static, unsigned, like any web page
    if (this.#metrics && target.path === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD')) return this.#admin.refusesHost(req, res, false) ? undefined : answerScrape(req, res, () => this.#metrics!.scrape());
    if (target.path.startsWith('/_eddy/')) return this.#admin.handle(req, res, target, requestId);
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, target.path === '/' ? newDynamoDbRequestId() : requestId, this.#origins.refusal(req));
      return undefined;
    }
    const scope = signingService(req);
    // S3 paths are the client's bucket and keys: nothing else may claim them.
    if (scope === 's3') {
      const what = s3Request(req.method ?? 'GET', target);
      return this.#unserved(req, res, requestId, () => sendS3Error(res, requestId, what, req.method === 'HEAD'), what);
    }
    const rest = target.path === '/' && !this.#restAtRoot ? undefined : this.#matchRest(req.method, target.path);
    if (rest) return this.#handleRest(req, res, rest.route, rest.service, rest.params, target, requestId);
    if (LAMBDA_PATH.test(target.path)) {
      const what = { service: 'Lambda', operation: lambdaOperationName(req.method ?? 'GET', target.path), hint: 'Eddy serves functions, versions, aliases, tags, policies, invocations and event source mappings' };
      return this.#unserved(req, res, requestId, () => sendRestJsonError(res, requestId, what), what);
    }
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if (req.method === 'POST' && form && req.headers['x-amz-target'] === undefined) return this.#handleQuery(req, res, requestId, scope, target);
    if (req.method === 'POST') return this.#handleJson(req, res, requestId, scope, target);
    if (target.query.has('Action')) return this.#handleQuery(req, res, requestId, scope, target);
    if (scope !== undefined && scope !== 'dynamodb') {
      const what = { service: serviceOfScope(scope), operation: `${req.method} ${target.path.slice(0, 200)}` };
      return this.#unserved(req, res, requestId, () => sendRestJsonError(res, requestId, what), what);
    }
    req.resume();
    // What DynamoDB answers outside its API (dynalite recorded both answers; ScyllaDB's Alternator
    // tests found the health line on `/` only): the health line, or 404 with a bare coral error.
    const headers = { 'x-amzn-requestid': newDynamoDbRequestId() };
    if ((req.method === 'GET' || req.method === 'HEAD') && target.path === '/') {
      res.writeHead(200, { ...headers, 'content-type': 'text/plain', 'content-length': Buffer.byteLength(this.#healthText), 'x-amz-crc32': this.#healthCrc });
      res.end(req.method === 'HEAD' ? undefined : this.#healthText);
    } else {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain', 'content-length': UNKNOWN_OPERATION.length, 'x-amz-crc32': UNKNOWN_OPERATION_CRC });
      res.end(req.method === 'HEAD' ? undefined : UNKNOWN_OPERATION);
    }
    return undefined;
  }

  /** Answers a request Eddy does not serve (its body unread), logging the service and operation once. */
  #unserved(req: IncomingMessage, res: ServerResponse, requestId: string, send: () => void, what: UnservedRequest): undefined {
    req.resume();
    this.#unservedLog.note(what);
    send();
    return undefined;
  }

  /**
   * An AWS query-protocol request: a form POST, or a GET with `?Action=` (presigned, or SNS's unsigned
   * SubscribeURL / UnsubscribeURL, the only actions answered without a signature). The service is the
   * signing scope's, or for an unsigned request the one with its Action. STS, IAM and SQS's old protocol
   * are not served: InvalidAction.
   */
  async #handleQuery(req: IncomingMessage, res: ServerResponse, requestId: string, scope: string | undefined, target: RequestTarget): Promise<void> {
    const post = req.method === 'POST';
    const unsignedGet = !post && scope === undefined;
    if (!post) req.resume(); // a GET's parameters are in its URL
    let service = scope === undefined ? undefined : this.#queryServices.get(scope);
    let answer: QueryAnswer | undefined;
    try {
      const signature = service ? this.#signatureOf(req, target) : undefined;
      let body = '';
      try {
        if (post) body = (await readBody(req, 4 * 1024 * 1024)).toString('utf8');
      } catch (error) {
        if (service || error instanceof ClientGoneError) throw error; // too large for an unserved one: its answer needs no Action
      }
      const params = queryParams(body, target.query);
      const action = params.get('Action');
      if (!service && scope === undefined) service = [...this.#queryServices.values()].find((s) => (unsignedGet ? s.unsignedGetActions : s.operations).has(action ?? ''));
      if (!service) {
        const what = queryRequest(scope, action);
        this.#unservedLog.note(what);
        return sendQueryError(res, requestId, what);
      }
      const found = queryOperation(service, params, unsignedGet);
      this.#metrics?.requests.query(res, service.signingName, found.action);
      if (!unsignedGet) this.#verify(req, target, signature ?? this.#signatureOf(req, target), body, service.signingName);
      answer = await answerQuery(service, found.action, found.operation, params, requestId, !unsignedGet);
    } catch (error) {
      if (error instanceof ClientGoneError) return this.#clientGone(req, error, requestId);
      if (!service) throw error; // nothing above throws before the service is known: a bug, the last resort's
      if (!(error instanceof ServiceError)) this.#logger.error(`[${requestId}] internal error in ${service.name}`, error);
      answer = queryError(service, error instanceof ServiceError ? error : service.internalError(), requestId);
    }
    if (res.headersSent) return;
    res.writeHead(answer.status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(answer.body), 'x-amzn-requestid': requestId });
    res.end(answer.body);
  }

  async #handleJson(req: IncomingMessage, res: ServerResponse, requestId: string, scope: string | undefined, target: RequestTarget): Promise<void> {
    const contentType = req.headers['content-type']?.startsWith('application/x-amz-json-1.1')
      ? 'application/x-amz-json-1.1'
      : AMZ_JSON_1_0;
    // A presigned request carries X-Amz-Target in its query when the presigner hoisted it there.
    const amzTarget = req.headers['x-amz-target'] ?? hoistedHeader(target.query, 'x-amz-target');
    const dot = typeof amzTarget === 'string' ? amzTarget.indexOf('.') : -1;
    const service = dot > 0 ? this.#services.get((amzTarget as string).slice(0, dot)) : undefined;
    let bytes = 0;
    try {
      const name = dot > 0 ? (amzTarget as string).slice(dot + 1) : '';
      const relayed = service?.relayed?.get(name); // run by the main process, for a request process
      const operation = relayed ? undefined : service?.operations.get(name);
      if (!service || (!operation && !relayed)) {
        req.resume();
        const what = jsonRequest(amzTarget, scope);
        this.#unservedLog.note(what);
        throw unknownJsonOperation(what);
      }
      this.#metrics?.requests.json(res, service.targetPrefix, service.signingName, name);
      const signature = this.#signatureOf(req, target);
      const body = await readBodyText(req);
      bytes = body.bytes;
      this.#verify(req, target, signature, body.text, service.signingName);
      const result = relayed ? await relayed(body, requestId) : await operation!(parseBody(body, service));
      const answer = result instanceof RawJson ? result.text : JSON.stringify(result ?? {});
      sendJson(res, 200, answer, requestId, contentType);
    } catch (error) {
      this.#sendError(res, error, requestId, contentType, service);
    }
    this.#memory.handled(bytes);
  }

  #matchRest(method: string | undefined, path: string): { route: RestRoute; service: RestService; params: (string | undefined)[] } | undefined {
    for (const { route, service } of this.#restRoutes) {
      if (route.method !== method) continue;
      const match = route.path.exec(path);
      if (match) return { route, service, params: match.slice(1) };
    }
    return undefined;
  }

  async #handleRest(
    req: IncomingMessage,
    res: ServerResponse,
    route: RestRoute,
    service: RestService,
    rawParams: (string | undefined)[],
    target: RequestTarget,
    requestId: string,
  ): Promise<void> {
    let answer;
    this.#metrics?.requests.rest(res, route, service.signingName);
    try {
      const signature = this.#signatureOf(req, target);
      const params = decodePathParams(rawParams);
      if (!params) {
        req.resume();
        throw new ServiceError('ValidationException', malformedPathMessage(target.path));
      }
      const body = await readBody(req, route.maxBodyBytes);
      this.#verify(req, target, signature, body, service.signingName);
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
      answer = await route.handle({ method: req.method ?? 'GET', params, query: target.query, headers, body });
    } catch (error) {
      if (error instanceof ClientGoneError) return this.#clientGone(req, error, requestId);
      let serviceError: ServiceError;
      if (error instanceof ServiceError) serviceError = forService(error, service.signingName);
      else {
        this.#logger.error(`[${requestId}] internal error in ${req.method} ${target.path}`, error);
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

  #sendError(res: ServerResponse, error: unknown, requestId: string, contentType: string, service?: JsonService): void {
    if (error instanceof ClientGoneError) return this.#clientGone(res.req, error, requestId);
    let serviceError: ServiceError;
    if (error instanceof ServiceError) {
      serviceError = error;
    } else {
      this.#logger.error(`[${requestId}] internal error in ${service?.targetPrefix ?? 'an unknown service'}`, error);
      serviceError = service ? service.internalError() : new ServiceError('InternalFailure', 'Internal error', 500);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, serviceError.statusCode, errorBody(serviceError), requestId, contentType, serviceError.headers);
  }

  /**
   * The request's signature, its form checked (the body left unread when it fails). When it is to be
   * verified over a body that arrives encoded (gzip, deflate), the bytes as sent are hashed as they come.
   */
  #signatureOf(req: IncomingMessage, target: RequestTarget): { input: SignatureInput | undefined; sentBodyHash?: () => string } {
    let input: SignatureInput | undefined;
    try {
      this.#origins.check(req); // every served operation comes here first: a page that may not call does nothing
      input = this.#signatures.checkForm(req.headers, target.query);
    } catch (error) {
      req.resume();
      throw error;
    }
    if (!this.#signatures.verifying || req.headers['content-encoding'] === undefined || req.headers['x-amz-content-sha256'] !== undefined) return { input };
    const hash = createHash('sha256');
    req.on('data', (chunk: Buffer) => hash.update(chunk));
    return { input, sentBodyHash: () => hash.digest('hex') };
  }

  /** With credentials configured, the signature must verify over the request as it came, body included. */
  #verify(req: IncomingMessage, target: RequestTarget, signature: { input: SignatureInput | undefined; sentBodyHash?: () => string }, body: string | Buffer, service?: string): void {
    if (!this.#signatures.verifying) return;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const sentBodyHash = signature.sentBodyHash?.();
    this.#signatures.verify(
      { method: req.method ?? 'GET', rawPath: target.path, rawQuery: q < 0 ? '' : url.slice(q + 1), headers: req.headers, body, ...(sentBodyHash !== undefined && { sentBodyHash }) },
      signature.input,
      service,
    );
  }

  /** Admin requests are signed only when signatures are verified: then checked as any AWS request is. */
  #adminSignature(req: IncomingMessage, target: RequestTarget): ((body: Buffer) => void) | undefined {
    if (!this.#signatures.verifying) return undefined;
    const signature = this.#signatureOf(req, target);
    return (body) => this.#verify(req, target, signature, body);
  }

  async #publicFile(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    req.resume();
    const file = await this.#publicFiles!.read(path);
    const body = file?.body ?? 'Not Found';
    res.writeHead(file ? 200 : 404, { 'content-type': file?.contentType ?? 'text/plain', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  #clientGone(req: IncomingMessage, error: ClientGoneError, requestId: string): void {
    this.#logger.debug(`[${requestId}] ${req.method} ${req.url}: ${error.message}`);
  }

  /** A bug the handlers did not catch: logged once, a bare 500 when an answer can still go out. */
  #lastResort(res: ServerResponse, error: unknown, requestId: string): void {
    this.#logger.error(`[${requestId}] internal error`, error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify({ __type: 'InternalFailure', message: 'Internal error' });
    res.writeHead(500, { 'content-type': AMZ_JSON_1_0, 'content-length': Buffer.byteLength(body), 'x-amzn-requestid': requestId });
    res.end(body);
  }
}

const UNKNOWN_OPERATION = '<UnknownOperationException/>\n';
const UNKNOWN_OPERATION_CRC = String(crc32(UNKNOWN_OPERATION));

/**
 * The body must be one JSON object; anything else is AWS's SerializationException (sent without a
 * message). A body nested deeper than MAX_JSON_DEPTH gets the service's own answer for that.
 */
export function parseBody(body: { readonly text: string; readonly bytes: number }, service: JsonService): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.bytes === 0 ? '{}' : body.text);
  } catch {
    throw coralErrors.serialization('');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw coralErrors.serialization('Start of structure or map found where not expected');
  }
  if (mayExceedDepth(body.bytes) && jsonDepthExceeds(parsed)) {
    throw service.tooDeep?.() ?? coralErrors.serialization(`The request nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return parsed as Record<string, unknown>;
}

