import { CONNECTION_NAME, DESCRIPTION } from './bus-name-rules.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedAuth, NormalizedConnection } from './normalized-bus.js';

const AUTH_KINDS = ['apiKey', 'basic', 'oauth'] as const;
/** CreateConnection's bound on names, values and secrets. */
const SECRET = { test: /^[\s\S]{1,512}$/, what: 'a string of 1 to 512 characters' };
const KEY_NAME = { test: /^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$/, what: 'a header name (no colon or control characters)' };

/** The config's `connections`: the authorization `http` targets call their endpoints with. */
export function validateConnections(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedConnection> {
  const out: Record<string, NormalizedConnection> = {};
  const connections = check.object(raw, path);
  if (!connections) return out;
  for (const [name, value] of Object.entries(connections)) {
    const connectionPath = at(path, name);
    const named = check.string(name, connectionPath, CONNECTION_NAME) !== undefined;
    const connection = check.object(value, connectionPath, ['description', ...AUTH_KINDS]);
    if (!connection) continue;
    const description = connection['description'] === undefined ? null : check.string(connection['description'], at(connectionPath, 'description'), DESCRIPTION);
    const kinds = AUTH_KINDS.filter((kind) => connection[kind] !== undefined);
    if (kinds.length !== 1) {
      check.problem(connectionPath, `expected exactly one of ${AUTH_KINDS.join(', ')}, got ${kinds.length === 0 ? 'none' : kinds.join(', ')}`);
      continue;
    }
    const auth = validateAuth(check, kinds[0]!, connection[kinds[0]!], at(connectionPath, kinds[0]!));
    if (named && auth && description !== undefined) out[name] = { ...auth, ...(description !== null && { description }) };
  }
  return out;
}

function validateAuth(check: ConfigChecker, kind: (typeof AUTH_KINDS)[number], raw: unknown, path: ConfigPath): NormalizedAuth | undefined {
  const fields = { apiKey: ['name', 'value'], basic: ['username', 'password'], oauth: ['authorizationEndpoint', 'method', 'clientId', 'clientSecret'] }[kind];
  const given = check.object(raw, path, fields);
  if (!given) return undefined;
  const required = (field: string, rule = SECRET) => (check.present(given[field], at(path, field)) ? check.string(given[field], at(path, field), rule) : undefined);
  switch (kind) {
    case 'apiKey': {
      const [name, value] = [required('name', KEY_NAME), required('value')];
      return name === undefined || value === undefined ? undefined : { apiKey: { name, value } };
    }
    case 'basic': {
      const [username, password] = [required('username'), required('password')];
      return username === undefined || password === undefined ? undefined : { basic: { username, password } };
    }
    case 'oauth': {
      const endpoint = required('authorizationEndpoint', { test: /^https?:\/\/[^\s/]+\S*$/, what: 'an https:// (or http://) URL' });
      const method = given['method'] === undefined ? 'POST' : check.oneOf(given['method'], at(path, 'method'), ['GET', 'POST', 'PUT'] as const);
      const [clientId, clientSecret] = [required('clientId'), required('clientSecret')];
      if (endpoint === undefined || method === undefined || clientId === undefined || clientSecret === undefined) return undefined;
      return { oauth: { authorizationEndpoint: endpoint, method, clientId, clientSecret } };
    }
  }
}
