import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedCors, NormalizedFunction, NormalizedHttpApi, NormalizedRoute } from './normalized-config.js';
import { METHODS, PAYLOAD_FORMATS, routePath } from './validate-events.js';

const CORS_FIELDS = ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'allowCredentials', 'maxAge'];
/** API Gateway's bound on the HTTP API's CORS maxAge. */
const MAX_AGE_LIMIT = 86_400;

/**
 * The top-level `http`: a route table (`'GET /users/{id}': 'getUser'`, `$default`) and CORS. Its routes
 * join the functions' own `http` events; a route key routed twice is a problem, wherever it was declared.
 * Undefined when nothing routes and no CORS is set, so a config without an API stays as it was.
 */
export function validateHttpApi(
  check: ConfigChecker,
  raw: unknown,
  functions: Record<string, NormalizedFunction>,
  declaredFunctions: readonly string[],
): NormalizedHttpApi | undefined {
  const routes: NormalizedRoute[] = [];
  const seen = new Map<string, string>();
  const add = (route: NormalizedRoute, path: ConfigPath) => {
    const first = seen.get(route.routeKey);
    if (first) check.problem(path, `${route.routeKey} is already routed by ${first}`);
    else {
      seen.set(route.routeKey, path);
      routes.push(route);
    }
  };
  for (const [name, fn] of Object.entries(functions)) {
    fn.events.forEach((event, i) => {
      if (!('http' in event)) return;
      const routeKey = `${event.http.method} ${event.http.path}`;
      // validateFunctions reports duplicates among the functions' events; here they are only skipped.
      if (seen.has(routeKey)) return;
      seen.set(routeKey, at(at(at(at('functions', name), 'events'), i), 'http'));
      routes.push({ routeKey, function: name, payloadFormat: event.http.payloadFormat ?? '2.0' });
    });
  }
  let cors: NormalizedCors | undefined;
  if (raw !== undefined) {
    const api = check.object(raw, 'http', ['routes', 'cors']);
    if (api?.['routes'] !== undefined) {
      const table = check.object(api['routes'], 'http.routes');
      for (const [key, value] of Object.entries(table ?? {})) {
        const route = tableRoute(check, key, value, at('http.routes', key), declaredFunctions);
        if (route) add(route, at('http.routes', key));
      }
    }
    if (api?.['cors'] !== undefined) cors = validateCors(check, api['cors'], 'http.cors');
  }
  if (routes.length === 0 && !cors) return undefined;
  return { routes, ...(cors && { cors }) };
}

function tableRoute(check: ConfigChecker, key: string, value: unknown, path: ConfigPath, functions: readonly string[]): NormalizedRoute | undefined {
  let routeKey: string | undefined;
  if (key === '$default') routeKey = key;
  else {
    const match = /^(\S+) (\S+)$/.exec(key);
    if (!match) check.problem(path, 'expected a route key: "METHOD /path" (e.g. "GET /users/{id}") or "$default"');
    else {
      const method = check.oneOf(match[1], path, METHODS);
      const route = routePath(check, match[2], path);
      if (method && route) routeKey = `${method} ${route}`;
    }
  }
  let target: { function: unknown; payloadFormat?: unknown } | undefined;
  if (typeof value === 'string') target = { function: value };
  else {
    const entry = check.object(value, path, ['function', 'payloadFormat']);
    if (entry && check.present(entry['function'], at(path, 'function'))) target = entry as typeof target;
  }
  if (!target) return undefined;
  const functionPath = typeof value === 'string' ? path : at(path, 'function');
  const name = typeof target.function === 'string' && functions.includes(target.function) ? target.function : undefined;
  if (name === undefined) check.expected(functionPath, `a function of this config (${functions.join(', ') || 'none declared'})`, target.function);
  const payloadFormat = target.payloadFormat === undefined ? '2.0' : check.oneOf(target.payloadFormat, at(path, 'payloadFormat'), PAYLOAD_FORMATS);
  return routeKey && name && payloadFormat ? { routeKey, function: name, payloadFormat } : undefined;
}

function validateCors(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedCors | undefined {
  const c = check.object(raw, path, CORS_FIELDS);
  if (!c) return undefined;
  const list = (name: string, fallback: string[], upper = false) => {
    const value = c[name];
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) return check.expected(at(path, name), 'a list of strings', value);
    return upper ? value.map((v: string) => v.toUpperCase()) : (value as string[]);
  };
  const allowOrigins = check.present(c['allowOrigins'], at(path, 'allowOrigins')) ? list('allowOrigins', []) : undefined;
  const allowMethods = list('allowMethods', ['*'], true);
  const allowHeaders = list('allowHeaders', []);
  const exposeHeaders = list('exposeHeaders', []);
  const allowCredentials = c['allowCredentials'] === undefined ? false : check.boolean(c['allowCredentials'], at(path, 'allowCredentials'));
  const maxAge = c['maxAge'] === undefined ? null : check.integer(c['maxAge'], at(path, 'maxAge'), 0, MAX_AGE_LIMIT);
  if (allowCredentials && allowOrigins?.includes('*')) {
    // Browsers refuse credentials with a wildcard origin; API Gateway refuses the configuration too.
    check.problem(at(path, 'allowCredentials'), 'cannot be true when allowOrigins is ["*"]: list the origins');
    return undefined;
  }
  if (!allowOrigins || !allowMethods || !allowHeaders || !exposeHeaders || allowCredentials === undefined || maxAge === undefined) return undefined;
  return { allowOrigins, allowMethods, allowHeaders, exposeHeaders, allowCredentials, ...(maxAge !== null && { maxAge }) };
}
