/** How Eddy calls HTTP endpoints: API destinations and OAuth authorization endpoints. */
export interface HttpClient {
  /** Node's fetch (injected, so the loops that use it have no I/O of their own). */
  readonly fetch: typeof fetch;
  /** How long a call may take, answer included (real time, not the injected clock: it bounds a socket). */
  readonly timeoutMs: number;
}

/**
 * "EventBridge requests to an API destination endpoint must have a maximum client execution timeout of
 * 5 seconds" (user guide, API destinations); Eddy holds OAuth token requests to the same bound.
 */
export const DEFAULT_HTTP_TIMEOUT_MS = 5_000;

export const defaultHttpClient = (timeoutMs = DEFAULT_HTTP_TIMEOUT_MS): HttpClient => ({ fetch: globalThis.fetch, timeoutMs });

/** An answer's bodies are read up to this many bytes: EventBridge asks for no more (`Range: bytes=0-1048575`). */
const MAX_BODY_BYTES = 1_048_576;

export interface HttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  /** The body as text (at most 1 MiB), when asked for. */
  readonly body?: string;
}

/**
 * Why a call got no answer: `timeout` (no answer within the timeout), `unresolved` (the host name does
 * not resolve: an invalid address, which EventBridge does not retry), `unreachable` (refused, reset…).
 */
export class HttpCallError extends Error {
  readonly kind: 'timeout' | 'unresolved' | 'unreachable';

  constructor(kind: HttpCallError['kind'], message: string) {
    super(message);
    this.name = 'HttpCallError';
    this.kind = kind;
  }
}

/**
 * One HTTP call: redirects are not followed (a 3xx is the answer: EventBridge does not follow them, and
 * following would carry the credentials elsewhere), the timeout covers the body too. Throws an
 * HttpCallError when there is no answer.
 */
export async function callEndpoint(http: HttpClient, url: string, init: RequestInit, readBody: boolean): Promise<HttpAnswer> {
  try {
    const response = await http.fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(http.timeoutMs) });
    const body = readBody ? await boundedText(response) : undefined;
    if (!readBody) await response.body?.cancel();
    return { status: response.status, statusText: response.statusText, headers: response.headers, ...(body !== undefined && { body }) };
  } catch (error) {
    throw asCallError(error, http.timeoutMs);
  }
}

async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size >= MAX_BODY_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

function asCallError(error: unknown, timeoutMs: number): HttpCallError {
  if (error instanceof HttpCallError) return error;
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return new HttpCallError('timeout', `no answer within ${timeoutMs} ms`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  if (code === 'ENOTFOUND') return new HttpCallError('unresolved', message);
  return new HttpCallError('unreachable', message);
}
