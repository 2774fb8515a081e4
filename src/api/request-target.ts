/** The parts of a request target (`/path?query`) the routers need, read without throwing on any input. */
export interface RequestTarget {
  /** The path as sent, percent-encoding kept. */
  readonly path: string;
  readonly query: URLSearchParams;
}

export function requestTarget(url: string | undefined): RequestTarget {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  // URLSearchParams decodes leniently (a bad %-sequence stays as it is); it never throws.
  return { path: q < 0 ? raw : raw.slice(0, q), query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

/**
 * Path segments captured by a route, percent-decoded; undefined when one is not valid
 * percent-encoding of UTF-8 (`%ZZ`, `%E0%A4%A`, a lone `%`), which the caller answers with a 400.
 */
export function decodePathParams(params: readonly (string | undefined)[]): string[] | undefined {
  const decoded: string[] = [];
  for (const param of params) {
    try {
      decoded.push(decodeURIComponent(param ?? ''));
    } catch {
      return undefined;
    }
  }
  return decoded;
}

export const malformedPathMessage = (path: string): string =>
  `The request path is not valid percent-encoding of UTF-8: ${path.length > 200 ? `${path.slice(0, 200)}...` : path}`;
