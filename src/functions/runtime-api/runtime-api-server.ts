import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MAX_RESPONSE_BYTES,
  internalServerError,
  invalidRequestId,
  invalidStateTransition,
  requestEntityTooLarge,
  responseSizeTooLarge,
  validErrorType,
  type RuntimeApiError,
  type RuntimeState,
} from './runtime-api-errors.js';

/** One invocation as `GET /runtime/invocation/next` hands it to the runtime. */
export interface RuntimeInvocation {
  requestId: string;
  /** The event's bytes (JSON text). */
  payload: string;
  /** Epoch milliseconds the invocation times out at. */
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId?: string;
  /** JSON text (already decoded from the invoke's base64). */
  clientContext?: string;
  /** JSON text, `{"cognitoIdentityId","cognitoIdentityPoolId"}`. */
  cognitoIdentity?: string;
}

/** How the runtime answered an invocation. */
export type RuntimeAnswer =
  /** Posted to `/response`: the body as the caller gets it. */
  | { kind: 'response'; payload: string; contentType: string | undefined }
  /** Posted to `/error`, or a response over the size limit: the error body, as the caller gets it. */
  | { kind: 'error'; payload: string; errorType: string };

/** An error the runtime posted to `/init/error`: the body's fields as posted (Python adds stackTrace, requestId). */
export type RuntimeInitError = { errorType: string; errorMessage: string } & Record<string, unknown>;

export interface RuntimeApiListener {
  /** The runtime's first `GET /next`: its init is over. */
  ready(): void;
  /** The runtime posted `/init/error` during init; it exits next. */
  initError(error: RuntimeInitError): void;
}

interface InFlight {
  invocation: RuntimeInvocation;
  /** Handed to the runtime by a `/next` (it may ask again: the same invocation is handed again). */
  delivered: boolean;
  /** A `/response` or `/error` for it has started: a second one is refused. */
  answered: boolean;
  settle: (answer: RuntimeAnswer) => void;
}

const PREFIX = '/2018-06-01/runtime/';
const ACCEPTED = JSON.stringify({ status: 'OK' });

/**
 * The Lambda Runtime API (2018-06-01) for one execution environment, on 127.0.0.1 and a port of its
 * own. Eddy hands it one invocation at a time (`invoke`); the runtime process long-polls `/next` for it
 * and posts its answer back. Requests that do not fit the runtime's state get the emulator's errors.
 */
export class RuntimeApiServer {
  readonly #server: Server;
  readonly #listener: RuntimeApiListener;
  #state: RuntimeState = 'Started';
  #inFlight: InFlight | undefined;
  /** `/next` requests waiting for an invocation, oldest first. */
  #waiting: ServerResponse[] = [];

  private constructor(listener: RuntimeApiListener) {
    this.#listener = listener;
    this.#server = createServer((request, response) => {
      try {
        this.#route(request, response);
      } catch (error) {
        // A bug here must not take Eddy down with it: the runtime gets the emulator's 500 (and should exit).
        if (!response.headersSent) fail(response, internalServerError);
        else response.destroy(error as Error);
      }
    });
    // `/next` is a long poll that may wait as long as the environment stays idle (minutes), and the
    // runtime keeps one connection for its whole life: no request or keep-alive timeout applies.
    this.#server.requestTimeout = 0;
    this.#server.keepAliveTimeout = 0;
  }

  /** A server listening on 127.0.0.1, on a port the system picks. */
  static async listen(listener: RuntimeApiListener): Promise<RuntimeApiServer> {
    const api = new RuntimeApiServer(listener);
    await new Promise<void>((resolve, reject) => {
      api.#server.once('error', reject);
      api.#server.listen(0, '127.0.0.1', () => {
        api.#server.off('error', reject);
        resolve();
      });
    });
    return api;
  }

  /** `host:port`, as AWS_LAMBDA_RUNTIME_API gives it. */
  get address(): string {
    const { address, port } = this.#server.address() as AddressInfo;
    return `${address}:${port}`;
  }

  get state(): RuntimeState {
    return this.#state;
  }

  /**
   * Hands an invocation to the runtime (now if it waits in `/next`, else at its next `/next`) and
   * resolves with its answer. The promise stays pending if the runtime never answers: the caller
   * owns the timeout and watches the process.
   */
  invoke(invocation: RuntimeInvocation): Promise<RuntimeAnswer> {
    if (this.#inFlight !== undefined) throw new Error(`invocation ${this.#inFlight.invocation.requestId} is still in flight`);
    return new Promise((resolve) => {
      this.#inFlight = { invocation, delivered: false, answered: false, settle: resolve };
      this.#deliver();
    });
  }

  /** Stops listening and drops every connection (waiting `/next` requests included). */
  async close(): Promise<void> {
    this.#waiting = [];
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  #route(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '').split('?')[0]!;
    const action = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : undefined;
    const answer = action === undefined ? undefined : /^invocation\/([^/]+)\/(response|error)$/.exec(action);
    const expected = action === 'invocation/next' ? 'GET' : action === 'init/error' || answer ? 'POST' : undefined;
    if (expected === undefined) return plain(response, 404, '404 page not found\n');
    if (request.method !== expected) return plain(response, 405, '');
    if (action === 'invocation/next') return this.#next(response);
    if (action === 'init/error') return this.#initError(request, response);
    let requestId: string;
    try {
      requestId = decodeURIComponent(answer![1]!);
    } catch {
      request.resume();
      return fail(response, invalidRequestId);
    }
    this.#answer(request, response, requestId, answer![2] as 'response' | 'error');
  }

  #next(response: ServerResponse): void {
    if (this.#state === 'InitError') return fail(response, invalidStateTransition('InitError', 'Ready'));
    const first = this.#state === 'Started';
    this.#waiting.push(response);
    response.once('close', () => {
      this.#waiting = this.#waiting.filter((waiting) => waiting !== response);
    });
    if (this.#inFlight === undefined || this.#inFlight.answered) this.#state = 'Ready';
    if (first) this.#listener.ready();
    this.#deliver();
  }

  /** Hands the invocation in flight to the oldest waiting `/next` (again, if the runtime asks again). */
  #deliver(): void {
    const inFlight = this.#inFlight;
    if (inFlight === undefined || inFlight.answered) return;
    const response = this.#waiting.shift();
    if (response === undefined) return;
    const { invocation } = inFlight;
    inFlight.delivered = true;
    this.#state = 'Running';
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(invocation.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': invocation.invokedFunctionArn,
    };
    if (invocation.traceId) headers['Lambda-Runtime-Trace-Id'] = invocation.traceId;
    if (invocation.clientContext) headers['Lambda-Runtime-Client-Context'] = invocation.clientContext;
    if (invocation.cognitoIdentity) headers['Lambda-Runtime-Cognito-Identity'] = invocation.cognitoIdentity;
    response.writeHead(200, headers).end(invocation.payload);
  }

  #answer(request: IncomingMessage, response: ServerResponse, requestId: string, kind: 'response' | 'error'): void {
    const inFlight = this.#inFlight;
    if (inFlight === undefined || !inFlight.delivered || inFlight.answered || inFlight.invocation.requestId !== requestId) {
      request.resume();
      return fail(response, invalidRequestId);
    }
    inFlight.answered = true;
    this.#state = kind === 'response' ? 'InvocationResponse' : 'InvocationErrorResponse';
    readBody(request, (body) => {
      if (body === undefined) {
        // The runtime went away mid-body: the invocation stays open for its process's exit or timeout.
        inFlight.answered = false;
        this.#state = 'Running';
        return;
      }
      this.#inFlight = undefined;
      this.#state = 'RuntimeResponseSentState';
      if (body === 'too large') {
        inFlight.settle({ kind: 'error', payload: JSON.stringify(responseSizeTooLarge), errorType: responseSizeTooLarge.errorType });
        return fail(response, requestEntityTooLarge);
      }
      const text = body.toString('utf8');
      inFlight.settle(
        kind === 'response'
          ? { kind, payload: text, contentType: request.headers['content-type'] }
          : { kind, payload: text, errorType: validErrorType(header(request, 'lambda-runtime-function-error-type')) },
      );
      accepted(response);
    });
  }

  #initError(request: IncomingMessage, response: ServerResponse): void {
    if (this.#state !== 'Started') {
      request.resume();
      return fail(response, invalidStateTransition(this.#state, 'InitError'));
    }
    this.#state = 'InitError';
    readBody(request, (body) => {
      if (body === undefined) return;
      const errorType = validErrorType(header(request, 'lambda-runtime-function-error-type'));
      this.#listener.initError(body === 'too large' ? { errorType, errorMessage: '' } : initError(body.toString('utf8'), errorType));
      accepted(response);
    });
  }
}

/** The posted body as the runtime's error, or one made of the header's type and the text. */
function initError(text: string, errorType: string): RuntimeInitError {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { errorType?: unknown }).errorType === 'string') {
      const error = parsed as Record<string, unknown>;
      return { ...error, errorType: error.errorType as string, errorMessage: typeof error.errorMessage === 'string' ? error.errorMessage : '' };
    }
  } catch {
    // not JSON: the text is the message
  }
  return { errorType, errorMessage: text };
}

/** The body, 'too large' past MAX_RESPONSE_BYTES (read to its end all the same), undefined if the request broke off. */
function readBody(request: IncomingMessage, done: (body: Buffer | 'too large' | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
  });
  request.once('end', () => done(size > MAX_RESPONSE_BYTES ? 'too large' : Buffer.concat(chunks)));
  request.once('close', () => {
    if (!request.complete) done(undefined);
  });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function accepted(response: ServerResponse): void {
  response.writeHead(202, { 'Content-Type': 'application/json' }).end(ACCEPTED);
}

function fail(response: ServerResponse, error: RuntimeApiError): void {
  response.writeHead(error.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errorMessage: error.errorMessage, errorType: error.errorType }));
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}
