import type { CorpusEntry, LiveState } from './fuzz-request.js';
import { events } from './events-corpus.js';
import { marker } from './markers.js';

/**
 * A valid request of every EventBridge connection and API destination operation. The live state made
 * the connection `kept` (API key) and the API destination `kept` on it; no rule targets a destination,
 * so nothing is called. An OAuth connection's authorization endpoint is a closed local port: its
 * authorization fails (it stays AUTHORIZING, tried again later), with no traffic leaving the machine.
 * Markers go where Describe shows them (names, descriptions, non-secret parameters, endpoints) and
 * into the secrets, which Describe must never show.
 */
const connectionArn = (live: LiveState): string => live.keptConnectionArn;
const parameters = (m: string) => ({
  HeaderParameters: [{ Key: 'x-marker', Value: m, IsValueSecret: false }],
  QueryStringParameters: [{ Key: 'q', Value: m, IsValueSecret: true }],
  BodyParameters: [{ Key: m, Value: m }],
});

export const connectionsCorpus: readonly CorpusEntry[] = [
  {
    name: 'EventBridge CreateConnection',
    build: (n) => events('CreateConnection', {
      Name: marker(n),
      Description: marker(n),
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: marker(n) }, InvocationHttpParameters: parameters(marker(n)) },
      KmsKeyIdentifier: 'alias/fuzz',
    }),
  },
  {
    name: 'EventBridge CreateConnection (OAuth)',
    build: (n) => events('CreateConnection', {
      Name: marker(n),
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: {
        OAuthParameters: {
          ClientParameters: { ClientID: marker(n), ClientSecret: marker(n) },
          AuthorizationEndpoint: 'http://127.0.0.1:9/token',
          HttpMethod: 'POST',
          OAuthHttpParameters: parameters(marker(n)),
        },
      },
    }),
  },
  { name: 'EventBridge DescribeConnection', build: () => events('DescribeConnection', { Name: 'kept' }) },
  {
    name: 'EventBridge UpdateConnection',
    build: (n) => events('UpdateConnection', {
      Name: 'kept',
      Description: marker(n),
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: marker(n) }, InvocationHttpParameters: parameters(marker(n)) },
    }),
  },
  { name: 'EventBridge DeauthorizeConnection', build: (n, live) => events('DeauthorizeConnection', { Name: live.createdConnections.at(-1) ?? `gone-${n}` }) },
  { name: 'EventBridge DeleteConnection', build: (n, live) => events('DeleteConnection', { Name: live.createdConnections.pop() ?? `gone-${n}` }) },
  { name: 'EventBridge ListConnections', build: () => events('ListConnections', { NamePrefix: 'k', ConnectionState: 'AUTHORIZED', Limit: 2 }) },
  {
    name: 'EventBridge CreateApiDestination',
    build: (n, live) => events('CreateApiDestination', {
      Name: marker(n),
      Description: marker(n),
      ConnectionArn: connectionArn(live),
      InvocationEndpoint: `https://example.com/${marker(n)}/*`,
      HttpMethod: 'PUT',
      InvocationRateLimitPerSecond: 20,
    }),
  },
  { name: 'EventBridge DescribeApiDestination', build: () => events('DescribeApiDestination', { Name: 'kept' }) },
  {
    name: 'EventBridge UpdateApiDestination',
    build: (n) => events('UpdateApiDestination', { Name: 'kept', Description: marker(n), InvocationEndpoint: `https://example.com/${marker(n)}`, HttpMethod: 'PATCH' }),
  },
  { name: 'EventBridge DeleteApiDestination', build: (n, live) => events('DeleteApiDestination', { Name: live.createdApiDestinations.pop() ?? `gone-${n}` }) },
  { name: 'EventBridge ListApiDestinations', build: (_n, live) => events('ListApiDestinations', { ConnectionArn: connectionArn(live), Limit: 3 }) },
];
