import type { ApiDestinationDefinition, ConnectionHttpParameters, ConnectionParameter, TargetDefinition } from '../bus-documents.js';

/** An API destination call, before it is sent. */
export interface ApiDestinationRequest {
  readonly url: string;
  readonly method: ApiDestinationDefinition['HttpMethod'];
  readonly headers: Headers;
  /** Absent for GET and HEAD, which carry none. */
  readonly body?: string;
}

/**
 * Headers EventBridge sends with every call (user guide, "Headers included in requests to API
 * destinations"): User-Agent, Range and Accept-Encoding are its own; Content-Type is the default a
 * parameter may replace. (Its `Connection: close` is left to Node's HTTP client, which manages
 * connections itself and refuses the header.)
 */
const FIXED_HEADERS = { 'user-agent': 'Amazon/EventBridge/ApiDestinations', range: 'bytes=0-1048575', 'accept-encoding': 'gzip,deflate' } as const;
const DEFAULT_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Headers the HTTP client owns (a parameter naming one is left out, as EventBridge removes such headers; its exact list is unconfirmed). */
const TRANSPORT_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'host', 'te', 'trailer', 'expect', 'proxy-connection']);

/**
 * The call a delivery makes: the destination's InvocationEndpoint with each `*` of its path replaced,
 * in order, by the target's PathParameterValues (URL-encoded; a `*` without a value stays); the
 * target's HttpParameters headers and query parameters merged with the connection's
 * InvocationHttpParameters, "with any values from the Connection taking precedence" (API reference,
 * HttpParameters); the connection's `auth` headers over those; the payload as the body, with the
 * connection's BodyParameters added as members when the payload is a JSON object (how AWS adds them to
 * other payloads is unconfirmed: they are left as they are).
 */
export function apiDestinationRequest(
  destination: ApiDestinationDefinition,
  parameters: TargetDefinition['HttpParameters'],
  invocation: ConnectionHttpParameters | undefined,
  auth: Readonly<Record<string, string>>,
  payload: string,
): ApiDestinationRequest {
  const http = parameters ?? {};
  const url = new URL(destination.InvocationEndpoint);
  const values = [...(http.PathParameterValues ?? [])];
  url.pathname = url.pathname.replace(/\*/g, (star) => (values.length > 0 ? encodeURIComponent(values.shift()!) : star));
  const query = { ...http.QueryStringParameters, ...Object.fromEntries(pairs(invocation?.QueryStringParameters)) };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);

  const headers = new Headers({ 'content-type': DEFAULT_CONTENT_TYPE });
  for (const [key, value] of [...Object.entries(http.HeaderParameters ?? {}), ...pairs(invocation?.HeaderParameters), ...Object.entries(auth)]) {
    if (!TRANSPORT_HEADERS.has(key.toLowerCase())) headers.set(key, value);
  }
  for (const [key, value] of Object.entries(FIXED_HEADERS)) headers.set(key, value);

  const method = destination.HttpMethod;
  const bodyless = method === 'GET' || method === 'HEAD';
  return { url: url.href, method, headers, ...(!bodyless && { body: withBodyParameters(payload, pairs(invocation?.BodyParameters)) }) };
}

const pairs = (list: readonly ConnectionParameter[] | undefined): [string, string][] =>
  (list ?? []).filter((p) => p.Key !== undefined).map((p) => [p.Key!, p.Value ?? '']);

/**
 * The payload with `parameters` appended as members (text spliced, so numbers beyond a double's
 * precision stay as written; a member already there is repeated after, and JSON readers keep the last).
 */
function withBodyParameters(payload: string, parameters: [string, string][]): string {
  if (parameters.length === 0) return payload;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return payload;
  const trimmed = payload.trimEnd();
  const members = parameters.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',');
  return `${trimmed.slice(0, -1)}${Object.keys(parsed).length > 0 ? ',' : ''}${members}}`;
}
