import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { CreateApiDestinationCommand, CreateConnectionCommand } from '@aws-sdk/client-eventbridge';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { startEndpoint, type TestEndpoint } from '../events/http-endpoint.js';
import { ROLE, pipesClient, streamTable } from './pipes-fixtures.js';

describe('Pipes: an API destination target on a ManualClock', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  let hook: TestEndpoint;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
    pipes = pipesClient(eddy.endpoint);
    hook = await startEndpoint();
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
    await hook.close();
  });

  it('InvocationRateLimitPerSecond 1: one call a second of Eddy time, the records in order, none counted as failed', async () => {
    const { ConnectionArn } = await eddy.events.send(
      new CreateConnectionCommand({ Name: 'rate-conn', AuthorizationType: 'BASIC', AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } } }),
    );
    const { ApiDestinationArn } = await eddy.events.send(
      new CreateApiDestinationCommand({ Name: 'rate-dest', ConnectionArn, InvocationEndpoint: `${hook.url}/rate`, HttpMethod: 'POST', InvocationRateLimitPerSecond: 1 }),
    );
    const stream = await streamTable(eddy, 'Rated');
    await pipes.send(
      new CreatePipeCommand({
        Name: 'rated',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0 } },
        Target: ApiDestinationArn,
        TargetParameters: { InputTemplate: '{"id": <$.dynamodb.Keys.id.S>}' },
        RoleArn: ROLE,
      }),
    );
    for (const id of ['r-1', 'r-2', 'r-3']) await eddy.ddb.send(new PutItemCommand({ TableName: 'Rated', Item: { id: { S: id } } }));
    await hook.received(1);
    assert.equal(hook.requests[0]!.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    // The second call waits for Eddy's clock: it does not come while the clock stands still.
    await assert.rejects(hook.received(2, 300), /timed out/);
    clock.advance(1_000);
    await hook.received(2);
    clock.advance(1_000);
    await hook.received(3);
    assert.deepEqual(hook.requests.map((r) => JSON.parse(r.body).id), ['r-1', 'r-2', 'r-3']);
  });
});
