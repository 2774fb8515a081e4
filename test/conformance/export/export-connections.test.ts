import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipeCommand, DescribePipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { CreateApiDestinationCommand, CreateConnectionCommand, DescribeApiDestinationCommand, DescribeConnectionCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli } from '../../helpers/cli.js';
import { startEndpoint, type TestEndpoint } from '../events/http-endpoint.js';
import { pipesClient, queue, ROLE as PIPES_ROLE } from '../pipes/pipes-fixtures.js';

describe('an export carries connections (with their secrets) and API destinations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-connections-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  let hook: TestEndpoint;
  let pa: PipesClient;
  let pb: PipesClient;

  before(async () => {
    hook = await startEndpoint();
    source = await startTestEddy();
    pa = pipesClient(source.endpoint);
    const { ConnectionArn } = await source.events.send(
      new CreateConnectionCommand({ Name: 'hooks', Description: 'the hook', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 's3cret' } } }),
    );
    await source.events.send(new CreateConnectionCommand({ Name: 'basic', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }));
    const { ApiDestinationArn } = await source.events.send(
      new CreateApiDestinationCommand({ Name: 'hook', ConnectionArn, InvocationEndpoint: `${hook.url}/orders`, HttpMethod: 'POST', InvocationRateLimitPerSecond: 20 }),
    );
    await source.events.send(new PutRuleCommand({ Name: 'to-hook', EventPattern: JSON.stringify({ source: ['shop'] }) }));
    await source.events.send(new PutTargetsCommand({ Rule: 'to-hook', Targets: [{ Id: 'hook', Arn: ApiDestinationArn!, RoleArn: 'arn:aws:iam::000000000000:role/events' }] }));
    const inbox = await queue(source, 'inbox');
    await pa.send(new CreatePipeCommand({ Name: 'inbox-to-hook', Source: inbox.arn, RoleArn: PIPES_ROLE, Target: ApiDestinationArn!, DesiredState: 'STOPPED' }));
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 2 connections, 1 API destination, /);
    copy = await startTestEddy({ import: file });
    pb = pipesClient(copy.endpoint);
  });
  after(async () => {
    pa?.destroy();
    pb?.destroy();
    await source?.stop();
    await copy?.stop();
    await hook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the connections with their secrets, before the buses', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    const types = lines.map((l) => l.type);
    assert.ok(types.lastIndexOf('apiDestination') < types.indexOf('bus'), types.join(' '));
    const hooks = lines.find((l) => l.type === 'connection' && l.name === 'hooks');
    assert.deepEqual(hooks.create.AuthParameters, { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 's3cret' } });
    assert.equal(lines.find((l) => l.type === 'apiDestination').connection, 'hooks');
  });

  it('re-creates them: the API destination on the new connection, a rule and a pipe aimed at the new API destination', async () => {
    const connection = await copy.events.send(new DescribeConnectionCommand({ Name: 'hooks' }));
    assert.deepEqual([connection.ConnectionState, connection.AuthorizationType, connection.Description], ['AUTHORIZED', 'API_KEY', 'the hook']);
    const destination = await copy.events.send(new DescribeApiDestinationCommand({ Name: 'hook' }));
    assert.equal(destination.ConnectionArn, connection.ConnectionArn);
    assert.deepEqual([destination.InvocationEndpoint, destination.HttpMethod, destination.InvocationRateLimitPerSecond], [`${hook.url}/orders`, 'POST', 20]);
    const pipe = await pb.send(new DescribePipeCommand({ Name: 'inbox-to-hook' }));
    assert.equal(pipe.Target, destination.ApiDestinationArn);
    await copy.events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'order', Detail: '{"id":"o-1"}' }] }));
    await hook.received(1);
    assert.equal(hook.requests[0]!.headers['x-api-key'], 's3cret');
    assert.equal(JSON.parse(hook.requests[0]!.body).detail.id, 'o-1');
  });
});
