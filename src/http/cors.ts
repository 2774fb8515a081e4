import type { NormalizedCors } from '../config/normalized-config.js';

type HeaderList = [string, string][];

/**
 * The API's CORS, as API Gateway applies it: it answers every preflight itself (no route is invoked)
 * and puts its own Access-Control-* headers on every response to an allowed origin, in place of any a
 * function returned.
 */
export class Cors {
  readonly #settings: NormalizedCors;

  constructor(settings: NormalizedCors) {
    this.#settings = settings;
  }

  /** An OPTIONS request with Origin and Access-Control-Request-Method. */
  static isPreflight(method: string, headers: HeaderList): boolean {
    return method === 'OPTIONS' && header(headers, 'origin') !== undefined && header(headers, 'access-control-request-method') !== undefined;
  }

  /** The preflight answer: 204, with the allow headers when the origin is allowed. */
  preflight(headers: HeaderList): HeaderList {
    const origin = this.#allowedOrigin(header(headers, 'origin'));
    if (origin === undefined) return [];
    const s = this.#settings;
    const out: HeaderList = [['access-control-allow-origin', origin]];
    out.push(['access-control-allow-methods', s.allowMethods.join(',')]);
    if (s.allowHeaders.length > 0) out.push(['access-control-allow-headers', s.allowHeaders.join(',')]);
    if (s.allowCredentials) out.push(['access-control-allow-credentials', 'true']);
    if (s.maxAge !== undefined) out.push(['access-control-max-age', String(s.maxAge)]);
    if (origin !== '*') out.push(['vary', 'Origin']);
    return out;
  }

  /** A function's headers with CORS applied for the request's origin. */
  apply(requestHeaders: HeaderList, responseHeaders: HeaderList): HeaderList {
    const kept = responseHeaders.filter(([name]) => !name.toLowerCase().startsWith('access-control-'));
    const origin = this.#allowedOrigin(header(requestHeaders, 'origin'));
    if (origin === undefined) return kept;
    const s = this.#settings;
    kept.push(['access-control-allow-origin', origin]);
    if (s.exposeHeaders.length > 0) kept.push(['access-control-expose-headers', s.exposeHeaders.join(',')]);
    if (s.allowCredentials) kept.push(['access-control-allow-credentials', 'true']);
    if (origin !== '*') kept.push(['vary', 'Origin']);
    return kept;
  }

  #allowedOrigin(origin: string | undefined): string | undefined {
    if (origin === undefined) return undefined;
    if (this.#settings.allowOrigins.includes('*')) return '*';
    return this.#settings.allowOrigins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
  }
}

function header(headers: HeaderList, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}
