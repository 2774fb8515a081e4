import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeleteApiDestinationCommand,
  PutEventsCommand,
  type CreateConnectionCommandInput,
  type Target,
} from '@aws-sdk/client-eventbridge';
import type { Message } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { drainMessages, newQueue, newRule, receiveMessages } from './delivery-fixtures.js';
import { uniqueName } from './events-fixtures.js';
import { startEndpoint, type TestEndpoint } from './http-endpoint.js';

const attributesOf = (message: Message) =>
  Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, `${value.DataType}:${value.StringValue}`]));

/** A connection and an API destination on `endpoint` (path `path`); returns the destination's ARN. */
async function newDestination(eddy: TestEddy, connection: Omit<CreateConnectionCommandInput, 'Name'>, endpoint: string, method = 'POST', rate?: number): Promise<string> {
  const { ConnectionArn } = await eddy.events.send(new CreateConnectionCommand({ Name: uniqueName('conn'), ...connection }));
  const { ApiDestinationArn } = await eddy.events.send(
    new CreateApiDestinationCommand({ Name: uniqueName('dest'), ConnectionArn, InvocationEndpoint: endpoint, HttpMethod: method as 'POST', InvocationRateLimitPerSecond: rate }),
  );
  return ApiDestinationArn!;
}

const apiKey = (value = 'key-value'): Omit<CreateConnectionCommandInput, 'Name'> => ({
  AuthorizationType: 'API_KEY',
  AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: value } },
});

describe('EventBridge API destination targets: a rule calls an HTTP endpoint', () => {
  let eddy: TestEddy;
  let bus: string;
  let hook: TestEndpoint;
  let tokens: TestEndpoint;
  before(async () => {
    eddy = await startTestEddy({ bus: { delivery: { backoff: { baseMs: 5, maxMs: 20 } }, httpTimeoutMs: 300 } });
    bus = uniqueName('hooks');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    hook = await startEndpoint();
    let issued = 0;
    tokens = await startEndpoint(() => ({ status: 200, body: JSON.stringify({ access_token: `token-${++issued}`, token_type: 'Bearer', expires_in: 3600 }) }));
  });
  after(async () => {
    await eddy.stop();
    await hook.close();
    await tokens.close();
  });

  /** Routes one event to `target` and returns its id and the requests the hook received for it. */
  const route = async (target: Omit<Target, 'Id'>, detail: object = { user: 'u-1' }): Promise<string> => {
    const detailType = uniqueName('type');
    await newRule(eddy, bus, { 'detail-type': [detailType] }, [{ Id: 'http', ...target } as Target]);
    const out = await eddy.events.send(new PutEventsCommand({ Entries: [{ EventBusName: bus, Source: 'users', DetailType: detailType, Detail: JSON.stringify(detail) }] }));
    return out.Entries![0]!.EventId!;
  };
  const requestsFor = (id: string) => hook.requests.filter((r) => r.body.includes(id) || r.url.includes(id));

  it('posts the event with the API key header, path, query and header parameters (the connection winning) and body parameters', async () => {
    const Arn = await newDestination(
      eddy,
      {
        ...apiKey(),
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'key-value' },
          InvocationHttpParameters: {
            HeaderParameters: [{ Key: 'x-shared', Value: 'connection' }],
            QueryStringParameters: [{ Key: 'shared', Value: 'connection', IsValueSecret: true }],
            BodyParameters: [{ Key: 'channel', Value: '#users' }],
          },
        },
      },
      `${hook.url}/users/*/events/*?fixed=1`,
    );
    const id = await route({
      Arn,
      HttpParameters: {
        PathParameterValues: ['u 42', 'created'],
        QueryStringParameters: { q: 'x', shared: 'target' },
        HeaderParameters: { 'x-target': 'yes', 'x-shared': 'target' },
      },
    });
    const [request] = (await eventually('the hook called', () => (requestsFor(id).length > 0 ? requestsFor(id) : undefined)))!;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.url, '/users/u%2042/events/created?fixed=1&q=x&shared=connection');
    assert.equal(request!.headers['x-api-key'], 'key-value');
    assert.equal(request!.headers['x-target'], 'yes');
    assert.equal(request!.headers['x-shared'], 'connection');
    assert.equal(request!.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(request!.headers['user-agent'], 'Amazon/EventBridge/ApiDestinations');
    assert.equal(request!.headers['range'], 'bytes=0-1048575');
    const body = JSON.parse(request!.body);
    assert.equal(body.id, id);
    assert.equal(body.source, 'users');
    assert.deepEqual(body.detail, { user: 'u-1' });
    assert.equal(body.channel, '#users');
  });

  it('basic auth: an Authorization: Basic header; GET carries no body; InputPath shapes the payload', async () => {
    const Arn = await newDestination(eddy, { AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'user', Password: 'pass' } } }, `${hook.url}/basic/*`, 'GET');
    const marker = uniqueName('get');
    await route({ Arn, HttpParameters: { PathParameterValues: [marker] }, InputPath: '$.detail' });
    const request = (await eventually('the GET', () => hook.requests.find((r) => r.url === `/basic/${marker}`)))!;
    assert.equal(request.method, 'GET');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from('user:pass').toString('base64')}`);
    assert.equal(request.body, '');
    const posted = await newDestination(eddy, apiKey(), `${hook.url}/shaped/*`);
    const shaped = uniqueName('shaped');
    await route({ Arn: posted, HttpParameters: { PathParameterValues: [shaped] }, InputPath: '$.detail' }, { user: 'u-7' });
    const call = (await eventually('the POST', () => hook.requests.find((r) => r.url === `/shaped/${shaped}`)))!;
    assert.equal(call.body, '{"user":"u-7"}');
  });

  it('OAuth: a bearer token from the authorization endpoint, reused; a 401 drops it and the retry fetches another', async () => {
    const Arn = await newDestination(
      eddy,
      {
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: { OAuthParameters: { ClientParameters: { ClientID: 'app', ClientSecret: 's' }, AuthorizationEndpoint: `${tokens.url}/token`, HttpMethod: 'POST' } },
      },
      `${hook.url}/oauth/*`,
    );
    const first = uniqueName('oauth');
    await route({ Arn, HttpParameters: { PathParameterValues: [first] } });
    const one = (await eventually('the first call', () => hook.requests.find((r) => r.url === `/oauth/${first}`)))!;
    assert.match(one.headers.authorization!, /^Bearer token-\d+$/);
    const issued = tokens.requests.length;

    const second = uniqueName('oauth');
    hook.answer = (request) => (request.url === `/oauth/${second}` && request.headers.authorization === one.headers.authorization ? { status: 401 } : { status: 200, body: '{}' });
    await route({ Arn, HttpParameters: { PathParameterValues: [second] } });
    const calls = (await eventually('the refused call and its retry', () => {
      const seen = hook.requests.filter((r) => r.url === `/oauth/${second}`);
      return seen.length >= 2 ? seen : undefined;
    }))!;
    hook.answer = () => ({ status: 200, body: '{}' });
    assert.equal(calls[0]!.headers.authorization, one.headers.authorization);
    assert.notEqual(calls[1]!.headers.authorization, one.headers.authorization);
    assert.equal(tokens.requests.length, issued + 1);
  });

  it('a 500 then a 200: retried and delivered, nothing dead-lettered', async () => {
    const Arn = await newDestination(eddy, apiKey(), `${hook.url}/flaky/*`);
    const dlq = await newQueue(eddy, 'dlq');
    const marker = uniqueName('flaky');
    let failed = 0;
    hook.answer = (request) => (request.url === `/flaky/${marker}` && failed++ === 0 ? { status: 500 } : { status: 200, body: '{}' });
    await route({ Arn, HttpParameters: { PathParameterValues: [marker] }, DeadLetterConfig: { Arn: dlq.arn } });
    await eventually('two calls', () => (hook.requests.filter((r) => r.url === `/flaky/${marker}`).length === 2 ? true : undefined));
    await eddy.admin('/_eddy/bus/deliver'); // waits for attempts in flight: the second call's outcome is settled
    hook.answer = () => ({ status: 200, body: '{}' });
    assert.equal(hook.requests.filter((r) => r.url === `/flaky/${marker}`).length, 2);
    assert.deepEqual(await drainMessages(eddy, dlq), []);
  });

  it('a 400 is not retried: straight to the DLQ with ERROR_CODE, the message and RETRY_ATTEMPTS 0', async () => {
    const Arn = await newDestination(eddy, apiKey(), `${hook.url}/bad/*`);
    const dlq = await newQueue(eddy, 'dlq');
    const marker = uniqueName('bad');
    hook.answer = (request) => (request.url === `/bad/${marker}` ? { status: 400, body: '{"error":"bad"}' } : { status: 200, body: '{}' });
    const id = await route({ Arn, HttpParameters: { PathParameterValues: [marker] }, DeadLetterConfig: { Arn: dlq.arn } });
    const [message] = await receiveMessages(eddy, dlq, 1);
    hook.answer = () => ({ status: 200, body: '{}' });
    const attributes = attributesOf(message!);
    assert.equal(attributes['ERROR_CODE'], 'String:SDK_CLIENT_ERROR');
    assert.match(attributes['ERROR_MESSAGE']!, /^String:Unable to invoke ApiDestination endpoint: The endpoint answered 400 Bad Request\.$/);
    assert.equal(attributes['RETRY_ATTEMPTS'], 'Number:0');
    assert.equal(attributes['TARGET_ARN'], `String:${Arn}`);
    assert.equal(attributes['EXHAUSTED_RETRY_CONDITION'], undefined);
    assert.equal(JSON.parse(message!.Body!).id, id);
    assert.equal(hook.requests.filter((r) => r.url === `/bad/${marker}`).length, 1);
  });

  it('a 429 with Retry-After -1 stops retrying; an endpoint that never answers is TIMEOUT once retries run out', async () => {
    const dlq = await newQueue(eddy, 'dlq');
    const Arn = await newDestination(eddy, apiKey(), `${hook.url}/slow/*`);
    const stop = uniqueName('stop');
    const slow = uniqueName('slow');
    hook.answer = (request) =>
      request.url === `/slow/${stop}` ? { status: 429, headers: { 'retry-after': '-1' } } : request.url === `/slow/${slow}` ? 'hang' : { status: 200, body: '{}' };
    await route({ Arn, HttpParameters: { PathParameterValues: [stop] }, DeadLetterConfig: { Arn: dlq.arn } });
    await route({ Arn, HttpParameters: { PathParameterValues: [slow] }, DeadLetterConfig: { Arn: dlq.arn }, RetryPolicy: { MaximumRetryAttempts: 1 } });
    const messages = await receiveMessages(eddy, dlq, 2);
    hook.answer = () => ({ status: 200, body: '{}' });
    const byCode = Object.fromEntries(messages.map((m) => [attributesOf(m)['ERROR_CODE'], attributesOf(m)]));
    assert.equal(byCode['String:THROTTLING']?.['RETRY_ATTEMPTS'], 'Number:0');
    assert.equal(byCode['String:TIMEOUT']?.['RETRY_ATTEMPTS'], 'Number:1');
    assert.equal(byCode['String:TIMEOUT']?.['EXHAUSTED_RETRY_CONDITION'], 'String:MaximumRetryAttempts');
    assert.match(byCode['String:TIMEOUT']!['ERROR_MESSAGE']!, /Timeout calling endpoint for API Destination/);
    assert.equal(hook.requests.filter((r) => r.url === `/slow/${slow}`).length, 2);
  });

  it('a deleted destination is NO_RESOURCE, not retried', async () => {
    const Arn = await newDestination(eddy, apiKey(), `${hook.url}/deleted`);
    await eddy.events.send(new DeleteApiDestinationCommand({ Name: Arn.split('/')[1]! }));
    const dlq = await newQueue(eddy, 'dlq');
    await route({ Arn, DeadLetterConfig: { Arn: dlq.arn } });
    const [message] = await receiveMessages(eddy, dlq, 1);
    assert.equal(attributesOf(message!)['ERROR_CODE'], 'String:NO_RESOURCE');
  });
});

describe('EventBridge API destination targets on a ManualClock: rate limit and token expiry', () => {
  let eddy: TestEddy;
  let hook: TestEndpoint;
  let tokens: TestEndpoint;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
    hook = await startEndpoint();
    let issued = 0;
    tokens = await startEndpoint(() => ({ status: 200, body: JSON.stringify({ access_token: `token-${++issued}`, expires_in: 120 }) }));
  });
  after(async () => {
    await eddy.stop();
    await hook.close();
    await tokens.close();
  });

  const put = (detailType: string, count: number) =>
    eddy.events.send(new PutEventsCommand({ Entries: Array.from({ length: count }, (_, i) => ({ Source: 'users', DetailType: detailType, Detail: JSON.stringify({ i }) })) }));
  const deliver = () => eddy.admin('/_eddy/bus/deliver');

  it('InvocationRateLimitPerSecond 1: one call a second, the others deferred (no attempt counted) and sent in turn', async () => {
    const Arn = await newDestination(eddy, apiKey(), `${hook.url}/rate`, 'POST', 1);
    const detailType = uniqueName('rate');
    await newRule(eddy, undefined, { 'detail-type': [detailType] }, [{ Id: 'http', Arn, RetryPolicy: { MaximumRetryAttempts: 0 } }]);
    await put(detailType, 3);
    const calls = () => hook.requests.filter((r) => r.url === '/rate').length;
    await deliver();
    assert.equal(calls(), 1);
    clock.advance(1_000);
    await deliver();
    assert.equal(calls(), 2);
    clock.advance(1_000);
    await deliver();
    assert.equal(calls(), 3);
    assert.deepEqual(hook.requests.filter((r) => r.url === '/rate').map((r) => JSON.parse(r.body).detail.i).sort(), [0, 1, 2]);
  });

  it('an OAuth token is used until a minute before it expires, then replaced', async () => {
    const Arn = await newDestination(
      eddy,
      {
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: { OAuthParameters: { ClientParameters: { ClientID: 'app', ClientSecret: 's' }, AuthorizationEndpoint: `${tokens.url}/token`, HttpMethod: 'GET' } },
      },
      `${hook.url}/expiring`,
    );
    const detailType = uniqueName('expiring');
    await newRule(eddy, undefined, { 'detail-type': [detailType] }, [{ Id: 'http', Arn }]);
    const authorizations = async () => {
      await deliver();
      return hook.requests.filter((r) => r.url === '/expiring').map((r) => r.headers.authorization);
    };
    await put(detailType, 1);
    assert.deepEqual(await authorizations(), ['Bearer token-1']);
    assert.match(tokens.requests[0]!.url, /^\/token\?grant_type=client_credentials$/);
    clock.advance(59_000);
    await put(detailType, 1);
    assert.deepEqual(await authorizations(), ['Bearer token-1', 'Bearer token-1']);
    clock.advance(2_000);
    await put(detailType, 1);
    assert.deepEqual(await authorizations(), ['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
  });
});
