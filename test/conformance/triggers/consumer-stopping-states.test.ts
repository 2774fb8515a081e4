import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreatePipeCommand, DescribePipeCommand, ListPipesCommand, StopPipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import type { MappingStatus } from '../../../src/triggers/mapping-status.js';
import { signedHeaders, startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { lambdaClient } from '../../helpers/lambda-client.js';
import { ACCOUNT, ROLE, pipesClient, streamTable } from '../pipes/pipes-fixtures.js';

const config = fileURLToPath(new URL('./fixtures-stopping/eddy.config.ts', import.meta.url));

// A disabled mapping (a stopped pipe) whose consumer is still handling a batch is Disabling (STOPPING) on
// every read until the consumer has let its shards go, as AWS reports it; then Disabled (STOPPED).
describe('Disabling and STOPPING while the consumer finishes its batch', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let pipes: PipesClient;
  before(async () => {
    eddy = await startTestEddy({ config });
    lambda = lambdaClient(eddy.endpoint);
    pipes = pipesClient(eddy.endpoint);
  });
  after(async () => {
    lambda.destroy();
    pipes.destroy();
    await eddy.stop();
  });

  /** Writes a record the holder holds, and resolves once its invocation runs. */
  async function holdBatch(table: string, name: string): Promise<void> {
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: `hold:${name}` } } }));
    const running = new GetItemCommand({ TableName: 'Notes', Key: { id: { S: `${name}-running` } }, ConsistentRead: true });
    await eventually(`the batch of hold:${name} to run`, async () => (await eddy.ddb.send(running)).Item, { timeoutMs: 20_000 });
  }
  /** The state `GET /_eddy/mappings` (and `eddy mappings`) shows for a mapping's UUID or a pipe's ARN. */
  async function adminState(uuid: string): Promise<string | undefined> {
    const url = `${eddy.endpoint}/_eddy/mappings`;
    const { mappings } = (await (await fetch(url, { headers: signedHeaders('GET', url, {}, '', 'eddy') })).json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === uuid)?.state;
  }
  const release = (name: string) => eddy.ddb.send(new PutItemCommand({ TableName: 'Notes', Item: { id: { S: `${name}-release` } } }));

  it('an event source mapping: Disabling until its batch ends, then Disabled', async () => {
    const source = await streamTable(eddy, 'Orders');
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'holder', EventSourceArn: source, StartingPosition: 'TRIM_HORIZON', BatchSize: 1 }));
    await holdBatch('Orders', 'mapping');

    const updated = await lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    assert.equal(updated.State, 'Disabling');
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State, 'Disabling');
    const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'holder' }));
    assert.deepEqual(listed.EventSourceMappings?.map((m) => [m.UUID, m.State]), [[UUID, 'Disabling']]);
    assert.equal(await adminState(UUID!), 'Disabling');

    await release('mapping');
    await eventually('the mapping to be Disabled', async () => (await lambda.send(new GetEventSourceMappingCommand({ UUID }))).State, { accept: (s) => s === 'Disabled' });
    const after = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'holder' }));
    assert.deepEqual(after.EventSourceMappings?.map((m) => [m.UUID, m.State]), [[UUID, 'Disabled']]);
    assert.equal(await adminState(UUID!), 'Disabled');
  });

  it('a pipe: STOPPING until its batch ends, then STOPPED', async () => {
    const source = await streamTable(eddy, 'Events');
    const { Arn } = await pipes.send(
      new CreatePipeCommand({
        Name: 'held',
        Source: source,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
        Target: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:holder`,
        RoleArn: ROLE,
      }),
    );
    await holdBatch('Events', 'pipe');

    const stopped = await pipes.send(new StopPipeCommand({ Name: 'held' }));
    assert.deepEqual([stopped.DesiredState, stopped.CurrentState], ['STOPPED', 'STOPPING']);
    const described = await pipes.send(new DescribePipeCommand({ Name: 'held' }));
    assert.deepEqual([described.DesiredState, described.CurrentState], ['STOPPED', 'STOPPING']);
    const listed = await pipes.send(new ListPipesCommand({ NamePrefix: 'held' }));
    assert.deepEqual(listed.Pipes?.map((p) => [p.Name, p.DesiredState, p.CurrentState]), [['held', 'STOPPED', 'STOPPING']]);
    const byState = await pipes.send(new ListPipesCommand({ CurrentState: 'STOPPING' }));
    assert.deepEqual(byState.Pipes?.map((p) => p.Name), ['held']);
    assert.equal(await adminState(Arn!), 'Disabling');

    await release('pipe');
    await eventually('the pipe to be STOPPED', async () => (await pipes.send(new DescribePipeCommand({ Name: 'held' }))).CurrentState, { accept: (s) => s === 'STOPPED' });
    const after = await pipes.send(new ListPipesCommand({ CurrentState: 'STOPPED' }));
    assert.deepEqual(after.Pipes?.map((p) => p.Name), ['held']);
    assert.equal(await adminState(Arn!), 'Disabled');
  });
});
