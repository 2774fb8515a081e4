import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateConnectionCommand,
  DeauthorizeConnectionCommand,
  DeleteConnectionCommand,
  DescribeConnectionCommand,
  ListConnectionsCommand,
  UpdateConnectionCommand,
  type DescribeConnectionCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { ACCOUNT, rawEvents, rejectsWith, uniqueName } from './events-fixtures.js';
import { startEndpoint, type TestEndpoint } from './http-endpoint.js';

const CONNECTION_ARN = new RegExp(`^arn:aws:events:us-east-1:${ACCOUNT}:connection/([\\w.-]+)/[0-9a-f-]{36}$`);

describe('EventBridge connections: create, describe, update, deauthorize, delete, list', () => {
  let eddy: TestEddy;
  let tokens: TestEndpoint;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
    tokens = await startEndpoint((request) =>
      request.body.includes('client_secret=wrong') || request.headers.authorization === `Basic ${Buffer.from('app:wrong').toString('base64')}`
        ? { status: 401, body: '{"error":"invalid_client"}' }
        : { status: 200, body: JSON.stringify({ access_token: 'token-1', token_type: 'bearer', expires_in: 3600 }) },
    );
  });
  after(async () => {
    await eddy.stop();
    await tokens.close();
  });

  const describeConnection = (Name: string) => eddy.events.send(new DescribeConnectionCommand({ Name }));
  const settled = (Name: string) =>
    eventually(`connection ${Name} authorized or not`, () => describeConnection(Name), {
      accept: (c: DescribeConnectionCommandOutput) => c.ConnectionState !== 'AUTHORIZING',
    });
  const oauthParameters = (secret = 'secret') => ({
    ClientParameters: { ClientID: 'app', ClientSecret: secret },
    AuthorizationEndpoint: `${tokens.url}/oauth/token`,
    HttpMethod: 'POST' as const,
    OAuthHttpParameters: {
      BodyParameters: [{ Key: 'audience', Value: 'api', IsValueSecret: false }],
      HeaderParameters: [{ Key: 'x-tenant', Value: 't1', IsValueSecret: false }],
      QueryStringParameters: [{ Key: 'realm', Value: 'r1', IsValueSecret: true }],
    },
  });

  it('an API key connection is AUTHORIZED at once; Describe shows the key name, never its value', async () => {
    const Name = uniqueName('slack');
    const created = await eddy.events.send(
      new CreateConnectionCommand({
        Name,
        Description: 'post to Slack',
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'key-value' },
          InvocationHttpParameters: {
            HeaderParameters: [
              { Key: 'x-team', Value: 'core', IsValueSecret: false },
              { Key: 'x-signing', Value: 'signing-secret', IsValueSecret: true },
            ],
          },
        },
      }),
    );
    assert.match(created.ConnectionArn!, CONNECTION_ARN);
    assert.equal(CONNECTION_ARN.exec(created.ConnectionArn!)![1], Name);
    assert.equal(created.ConnectionState, 'AUTHORIZED');
    assert.deepEqual(created.CreationTime, new Date(clock.now()));
    assert.deepEqual(created.LastModifiedTime, new Date(clock.now()));
    assert.equal('LastAuthorizedTime' in created, false);

    const described = await describeConnection(Name);
    assert.equal(described.ConnectionArn, created.ConnectionArn);
    assert.equal(described.Name, Name);
    assert.equal(described.Description, 'post to Slack');
    assert.equal(described.ConnectionState, 'AUTHORIZED');
    assert.equal(described.AuthorizationType, 'API_KEY');
    assert.deepEqual(described.AuthParameters, {
      ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' },
      InvocationHttpParameters: { HeaderParameters: [{ Key: 'x-team', Value: 'core', IsValueSecret: false }, { Key: 'x-signing', IsValueSecret: true }] },
    });
    assert.match(described.SecretArn!, new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:events!connection/${Name}/[0-9a-f-]{36}-\\w{6}$`));
    assert.deepEqual(described.LastAuthorizedTime, new Date(clock.now()));
    assert.doesNotMatch(JSON.stringify(described), /key-value|signing-secret/);
  });

  it('a basic connection shows its user name, not its password', async () => {
    const Name = uniqueName('basic');
    await eddy.events.send(new CreateConnectionCommand({ Name, AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'user', Password: 'pass' } } }));
    const described = await describeConnection(Name);
    assert.deepEqual(described.AuthParameters, { BasicAuthParameters: { Username: 'user' } });
    assert.equal(described.ConnectionState, 'AUTHORIZED');
  });

  it('an OAuth connection is AUTHORIZING until a token came from its endpoint: client credentials, OAuthHttpParameters', async () => {
    const Name = uniqueName('oauth');
    const before = tokens.requests.length;
    const created = await eddy.events.send(new CreateConnectionCommand({ Name, AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS', AuthParameters: { OAuthParameters: oauthParameters() } }));
    assert.equal(created.ConnectionState, 'AUTHORIZING');
    const described = await settled(Name);
    assert.equal(described.ConnectionState, 'AUTHORIZED');
    assert.equal(described.StateReason, undefined);
    assert.deepEqual(described.AuthParameters, {
      OAuthParameters: {
        ClientParameters: { ClientID: 'app' },
        AuthorizationEndpoint: `${tokens.url}/oauth/token`,
        HttpMethod: 'POST',
        OAuthHttpParameters: {
          BodyParameters: [{ Key: 'audience', Value: 'api', IsValueSecret: false }],
          HeaderParameters: [{ Key: 'x-tenant', Value: 't1', IsValueSecret: false }],
          QueryStringParameters: [{ Key: 'realm', IsValueSecret: true }],
        },
      },
    });
    const request = (await tokens.received(before + 1))[before]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/oauth/token?realm=r1');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from('app:secret').toString('base64')}`);
    assert.equal(request.headers['x-tenant'], 't1');
    assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(request.body)), { audience: 'api', grant_type: 'client_credentials' });
  });

  it('an OAuth connection whose endpoint refuses the client is DEAUTHORIZED with the reason; new credentials authorize it again', async () => {
    const Name = uniqueName('refused');
    await eddy.events.send(new CreateConnectionCommand({ Name, AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS', AuthParameters: { OAuthParameters: oauthParameters('wrong') } }));
    const refused = await settled(Name);
    assert.equal(refused.ConnectionState, 'DEAUTHORIZED');
    assert.match(refused.StateReason!, /answered 401/);
    const { ConnectionState } = await eddy.events.send(
      new UpdateConnectionCommand({ Name, AuthParameters: { OAuthParameters: { ClientParameters: { ClientSecret: 'secret' } } } }),
    );
    assert.equal(ConnectionState, 'AUTHORIZING');
    const fixed = await settled(Name);
    assert.equal(fixed.ConnectionState, 'AUTHORIZED');
    assert.equal(fixed.StateReason, undefined);
  });

  it('UpdateConnection changes what it names; new credentials keep the connection AUTHORIZED; another type needs its whole block', async () => {
    const Name = uniqueName('update');
    await eddy.events.send(new CreateConnectionCommand({ Name, AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } }));
    clock.advance(60_000);
    const updated = await eddy.events.send(new UpdateConnectionCommand({ Name, Description: 'changed' }));
    assert.equal(updated.ConnectionState, 'AUTHORIZED');
    assert.deepEqual(updated.LastModifiedTime, new Date(clock.now()));
    assert.deepEqual(updated.LastAuthorizedTime, new Date(clock.now() - 60_000));
    const keyed = await eddy.events.send(new UpdateConnectionCommand({ Name, AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-key' } } }));
    assert.deepEqual(keyed.LastAuthorizedTime, new Date(clock.now()));
    assert.deepEqual((await describeConnection(Name)).AuthParameters, { ApiKeyAuthParameters: { ApiKeyName: 'x-key' } });
    await rejectsWith(
      eddy.events.send(new UpdateConnectionCommand({ Name, AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u' } } })),
      'ValidationException',
      'Failed to update the connection(s). Parameter AuthParameters is not valid. Reason: BasicAuthParameters must be specified for AuthorizationType BASIC.',
    );
    await eddy.events.send(new UpdateConnectionCommand({ Name, AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }));
    const basic = await describeConnection(Name);
    assert.equal(basic.AuthorizationType, 'BASIC');
    assert.deepEqual(basic.AuthParameters, { BasicAuthParameters: { Username: 'u' } });
    assert.equal(basic.Description, 'changed');
  });

  it('DeauthorizeConnection removes the authorization parameters; UpdateConnection with new ones brings it back', async () => {
    const Name = uniqueName('deauth');
    await eddy.events.send(new CreateConnectionCommand({ Name, AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }));
    const answer = await eddy.events.send(new DeauthorizeConnectionCommand({ Name }));
    assert.equal(answer.ConnectionState, 'DEAUTHORIZING');
    const described = await describeConnection(Name);
    assert.equal(described.ConnectionState, 'DEAUTHORIZED');
    assert.equal(described.AuthParameters, undefined);
    assert.equal(described.SecretArn, undefined);
    assert.ok(described.StateReason);
    await eddy.events.send(new UpdateConnectionCommand({ Name, AuthParameters: { BasicAuthParameters: { Username: 'u2', Password: 'p2' } } }));
    const back = await describeConnection(Name);
    assert.equal(back.ConnectionState, 'AUTHORIZED');
    assert.equal(back.StateReason, undefined);
    assert.ok(back.SecretArn);
  });

  it('DeleteConnection answers DELETING and the connection is gone', async () => {
    const Name = uniqueName('gone');
    const { ConnectionArn } = await eddy.events.send(new CreateConnectionCommand({ Name, AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }));
    const deleted = await eddy.events.send(new DeleteConnectionCommand({ Name }));
    assert.equal(deleted.ConnectionArn, ConnectionArn);
    assert.equal(deleted.ConnectionState, 'DELETING');
    assert.ok(deleted.LastAuthorizedTime instanceof Date);
    await rejectsWith(describeConnection(Name), 'ResourceNotFoundException', `Failed to describe the connection(s). Connection '${Name}' does not exist.`);
    for (const command of [new DeleteConnectionCommand({ Name }), new DeauthorizeConnectionCommand({ Name }), new UpdateConnectionCommand({ Name, Description: 'x' })]) {
      await rejectsWith(eddy.events.send(command as DeleteConnectionCommand), 'ResourceNotFoundException', /Failed to (delete|deauthorize|update) the connection\(s\)\. Connection '.+' does not exist\./);
    }
  });

  it('ListConnections by name prefix and state, Limit at a time, without secrets', async () => {
    const prefix = uniqueName('list');
    for (const suffix of ['a', 'b', 'c']) {
      await eddy.events.send(new CreateConnectionCommand({ Name: `${prefix}-${suffix}`, AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }));
    }
    await eddy.events.send(new DeauthorizeConnectionCommand({ Name: `${prefix}-b` }));
    const first = await eddy.events.send(new ListConnectionsCommand({ NamePrefix: prefix, Limit: 2 }));
    assert.deepEqual(first.Connections?.map((c) => c.Name), [`${prefix}-a`, `${prefix}-b`]);
    const second = await eddy.events.send(new ListConnectionsCommand({ NamePrefix: prefix, Limit: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.Connections?.map((c) => c.Name), [`${prefix}-c`]);
    assert.equal(second.NextToken, undefined);
    const deauthorized = await eddy.events.send(new ListConnectionsCommand({ NamePrefix: prefix, ConnectionState: 'DEAUTHORIZED' }));
    assert.deepEqual(deauthorized.Connections?.map((c) => [c.Name, c.ConnectionState, c.AuthorizationType]), [[`${prefix}-b`, 'DEAUTHORIZED', 'BASIC']]);
    assert.deepEqual(Object.keys(first.Connections![0]!).sort(), ['AuthorizationType', 'ConnectionArn', 'ConnectionState', 'CreationTime', 'LastAuthorizedTime', 'LastModifiedTime', 'Name']);
  });

  it("refuses a duplicate name, AuthParameters that do not fit the type, and the model's constraints in AWS's words", async () => {
    const Name = uniqueName('dup');
    const basic = { Name, AuthorizationType: 'BASIC' as const, AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } };
    await eddy.events.send(new CreateConnectionCommand(basic));
    await rejectsWith(eddy.events.send(new CreateConnectionCommand(basic)), 'ResourceAlreadyExistsException', `Connection ${Name} already exists.`);
    await rejectsWith(
      eddy.events.send(new CreateConnectionCommand({ ...basic, Name: uniqueName('mixed'), AuthParameters: { ...basic.AuthParameters, ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } })),
      'ValidationException',
      'Failed to create the connection(s). Parameter AuthParameters is not valid. Reason: ApiKeyAuthParameters cannot be specified for AuthorizationType BASIC.',
    );
    await rejectsWith(
      eddy.events.send(new CreateConnectionCommand({ ...basic, Name: uniqueName('missing'), AuthorizationType: 'API_KEY' })),
      'ValidationException',
      /Reason: BasicAuthParameters cannot be specified for AuthorizationType API_KEY\.$/,
    );
    // Observed on AWS (LocalStack's validated snapshots).
    const invalidType = await rawEvents(eddy, 'CreateConnection', { Name: uniqueName('t'), AuthorizationType: 'INVALID_AUTH_TYPE', AuthParameters: {} });
    assert.equal(invalidType.status, 400);
    assert.equal(
      invalidType.json.message,
      "1 validation error detected: Value 'INVALID_AUTH_TYPE' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]",
    );
    await rejectsWith(
      eddy.events.send(new CreateConnectionCommand({ ...basic, Name: 'Invalid Name With Spaces!' })),
      'ValidationException',
      "1 validation error detected: Value 'Invalid Name With Spaces!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    const noPassword = await rawEvents(eddy, 'CreateConnection', { Name: uniqueName('p'), AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u' } } });
    assert.equal(noPassword.json.message, "1 validation error detected: Value null at 'authParameters.basicAuthParameters.password' failed to satisfy constraint: Member must not be null");
    await rejectsWith(
      eddy.events.send(
        new CreateConnectionCommand({ Name: uniqueName('ftp'), AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS', AuthParameters: { OAuthParameters: { ...oauthParameters(), AuthorizationEndpoint: 'ftp://example.com/token' } } }),
      ),
      'ValidationException',
      "Failed to create the connection(s). Parameter AuthorizationEndpoint is not valid. Reason: Endpoint 'ftp://example.com/token' is invalid, please provide a valid HTTPS endpoint URL.",
    );
  });
});
