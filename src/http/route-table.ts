import type { NormalizedRoute } from '../config/normalized-config.js';

/** A route chosen for a request, with the values its `{param}`s captured (decoded). */
export interface MatchedRoute {
  route: NormalizedRoute;
  /** The route's path as declared (`/users/{id}`), or `$default`. */
  resource: string;
  pathParameters: Record<string, string>;
}

type Segment = { literal: string } | { param: string; greedy: boolean };

interface CompiledRoute {
  route: NormalizedRoute;
  method: string;
  path: string;
  segments: Segment[];
}

/**
 * API Gateway's route selection: the most specific match wins — literal segments over `{param}`,
 * `{param}` over a greedy `{proxy+}`, a named method over `ANY` — and `$default` catches the rest.
 * A greedy parameter takes one segment or more (`/files/{proxy+}` does not match `/files`).
 */
export class RouteTable {
  readonly #routes: CompiledRoute[];
  readonly #fallback: NormalizedRoute | undefined;

  constructor(routes: readonly NormalizedRoute[]) {
    this.#fallback = routes.find((route) => route.routeKey === '$default');
    this.#routes = routes
      .filter((route) => route.routeKey !== '$default')
      .map((route) => {
        const [method, path] = route.routeKey.split(' ') as [string, string];
        return { route, method, path, segments: compile(path) };
      });
  }

  get routes(): readonly NormalizedRoute[] {
    return [...this.#routes.map((r) => r.route), ...(this.#fallback ? [this.#fallback] : [])];
  }

  match(method: string, rawPath: string): MatchedRoute | undefined {
    const parts = rawPath.split('/').slice(1);
    let best: { compiled: CompiledRoute; params: Record<string, string>; rank: number[] } | undefined;
    for (const compiled of this.#routes) {
      if (compiled.method !== 'ANY' && compiled.method !== method) continue;
      const params = matchSegments(compiled.segments, parts);
      if (!params) continue;
      const rank = [...compiled.segments.map(segmentRank), compiled.method === 'ANY' ? METHOD_ANY : METHOD_NAMED];
      if (!best || compareRanks(rank, best.rank) > 0) best = { compiled, params, rank };
    }
    if (best) return { route: best.compiled.route, resource: best.compiled.path, pathParameters: best.params };
    return this.#fallback && { route: this.#fallback, resource: '$default', pathParameters: {} };
  }
}

function compile(path: string): Segment[] {
  return path.split('/').slice(1).map((segment) => {
    const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
    return param ? { param: param[1]!, greedy: param[2] === '+' } : { literal: segment };
  });
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if ('literal' in segment) {
      if (parts[i] === undefined || decode(parts[i]!) !== segment.literal) return undefined;
    } else if (segment.greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      params[segment.param] = decode(rest.join('/'));
      return params;
    } else {
      if (parts[i] === undefined || parts[i] === '') return undefined;
      params[segment.param] = decode(parts[i]!);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

/** After the segments' ranks: a named method beats ANY (values apart from the segments' 1–3). */
const METHOD_ANY = 10;
const METHOD_NAMED = 11;

/** Literal 3, parameter 2, greedy 1: compared segment by segment, the first difference decides. */
function segmentRank(segment: Segment): number {
  return 'literal' in segment ? 3 : segment.greedy ? 1 : 2;
}

function compareRanks(a: number[], b: number[]): number {
  // A greedy route ranks below any non-greedy one that matched the same path.
  const greedyA = a.includes(1) ? 0 : 1;
  const greedyB = b.includes(1) ? 0 : 1;
  if (greedyA !== greedyB) return greedyA - greedyB;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
