import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreatePipeCommand,
  DeletePipeCommand,
  DescribePipeCommand,
  ListPipesCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  ConflictException,
  StartPipeCommand,
  StopPipeCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePipeCommand,
  ValidationException,
  type PipesClient,
} from '@aws-sdk/client-pipes';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { ROLE, busArn, pipesClient, queue, streamTable } from './pipes-fixtures.js';

describe('Pipes API', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  let stream: string;
  let queueArn: string;
  before(async () => {
    eddy = await startTestEddy();
    pipes = pipesClient(eddy.endpoint);
    stream = await streamTable(eddy, 'PipeOrders');
    queueArn = (await queue(eddy, 'pipe-out')).arn;
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
  });

  const create = (Name: string, extra: Record<string, unknown> = {}) =>
    pipes.send(
      new CreatePipeCommand({
        Name,
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 } },
        Target: busArn('default'),
        RoleArn: ROLE,
        ...extra,
      }),
    );

  it('creates, describes, lists, updates, stops, starts and deletes a pipe, with AWS states', async () => {
    const created = await create('orders-to-bus', { Description: 'orders', Tags: { team: 'a' }, TargetParameters: { EventBridgeEventBusParameters: { Source: 'shop.orders', DetailType: '$.eventName' } } });
    assert.equal(created.Arn, 'arn:aws:pipes:us-east-1:000000000000:pipe/orders-to-bus');
    assert.equal(created.DesiredState, 'RUNNING');
    assert.equal(created.CurrentState, 'CREATING');
    assert.ok(created.CreationTime instanceof Date);
    const described = await pipes.send(new DescribePipeCommand({ Name: 'orders-to-bus' }));
    assert.equal(described.CurrentState, 'RUNNING');
    assert.equal(described.Source, stream);
    assert.equal(described.Description, 'orders');
    assert.deepEqual(described.Tags, { team: 'a' });
    assert.deepEqual(described.SourceParameters?.DynamoDBStreamParameters, { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 });
    assert.deepEqual(described.TargetParameters?.EventBridgeEventBusParameters, { Source: 'shop.orders', DetailType: '$.eventName' });

    const stopped = await pipes.send(new StopPipeCommand({ Name: 'orders-to-bus' }));
    assert.deepEqual([stopped.DesiredState, stopped.CurrentState], ['STOPPED', 'STOPPING']);
    // STOPPING until its consumer has let its shards go (consumer-stopping-states.test.ts), then STOPPED.
    const settled = await eventually('the pipe stopped', () => pipes.send(new DescribePipeCommand({ Name: 'orders-to-bus' })), { accept: (d) => d.CurrentState !== 'STOPPING' });
    assert.equal(settled.CurrentState, 'STOPPED');
    const started = await pipes.send(new StartPipeCommand({ Name: 'orders-to-bus' }));
    assert.deepEqual([started.DesiredState, started.CurrentState], ['RUNNING', 'STARTING']);

    const updated = await pipes.send(
      new UpdatePipeCommand({ Name: 'orders-to-bus', RoleArn: ROLE, SourceParameters: { DynamoDBStreamParameters: { BatchSize: 5 } }, Description: 'changed' }),
    );
    assert.equal(updated.CurrentState, 'UPDATING');
    const after = await pipes.send(new DescribePipeCommand({ Name: 'orders-to-bus' }));
    assert.deepEqual(after.SourceParameters?.DynamoDBStreamParameters, { StartingPosition: 'TRIM_HORIZON', BatchSize: 5 });
    assert.equal(after.Description, 'changed');
    assert.deepEqual(after.TargetParameters?.EventBridgeEventBusParameters, { Source: 'shop.orders', DetailType: '$.eventName' });

    // Another kind of target: the bus's block goes.
    await pipes.send(new UpdatePipeCommand({ Name: 'orders-to-bus', RoleArn: ROLE, Target: queueArn, TargetParameters: { InputTemplate: '{"a": <$.eventName>}' } }));
    assert.deepEqual((await pipes.send(new DescribePipeCommand({ Name: 'orders-to-bus' }))).TargetParameters, { InputTemplate: '{"a": <$.eventName>}' });
    const deleted = await pipes.send(new DeletePipeCommand({ Name: 'orders-to-bus' }));
    assert.deepEqual([deleted.DesiredState, deleted.CurrentState], ['DELETED', 'DELETING']);
    await assert.rejects(pipes.send(new DescribePipeCommand({ Name: 'orders-to-bus' })), NotFoundException);
  });

  it('lists by prefix and state, a page at a time', async () => {
    await create('list-a');
    await create('list-b', { DesiredState: 'STOPPED' });
    await create('list-c', { Target: queueArn });
    await create('other');
    const names = (out: { Pipes?: { Name?: string }[] }) => out.Pipes!.map((p) => p.Name);
    assert.deepEqual(names(await pipes.send(new ListPipesCommand({ NamePrefix: 'list-' }))), ['list-a', 'list-b', 'list-c']);
    assert.deepEqual(names(await pipes.send(new ListPipesCommand({ NamePrefix: 'list-', CurrentState: 'STOPPED' }))), ['list-b']);
    assert.deepEqual(names(await pipes.send(new ListPipesCommand({ DesiredState: 'RUNNING', TargetPrefix: 'arn:aws:sqs:' }))), ['list-c']);
    assert.deepEqual(names(await pipes.send(new ListPipesCommand({ SourcePrefix: stream, NamePrefix: 'o' }))), ['other']);
    const first = await pipes.send(new ListPipesCommand({ NamePrefix: 'list-', Limit: 2 }));
    assert.deepEqual(names(first), ['list-a', 'list-b']);
    const second = await pipes.send(new ListPipesCommand({ NamePrefix: 'list-', Limit: 2, NextToken: first.NextToken! }));
    assert.deepEqual(names(second), ['list-c']);
    assert.equal(second.NextToken, undefined);
    const entry = first.Pipes![0]!;
    assert.equal(entry.Source, stream);
    assert.equal(entry.Target, busArn('default'));
    assert.equal(entry.CurrentState, 'RUNNING');
  });

  it('tags a pipe by ARN', async () => {
    const { Arn } = await create('tagged', { Tags: { a: '1' } });
    await pipes.send(new TagResourceCommand({ resourceArn: Arn!, tags: { b: '2' } }));
    assert.deepEqual((await pipes.send(new ListTagsForResourceCommand({ resourceArn: Arn! }))).tags, { a: '1', b: '2' });
    await pipes.send(new UntagResourceCommand({ resourceArn: Arn!, tagKeys: ['a'] }));
    assert.deepEqual((await pipes.send(new ListTagsForResourceCommand({ resourceArn: Arn! }))).tags, { b: '2' });
    await assert.rejects(pipes.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:pipes:us-east-1:000000000000:pipe/missing' })), NotFoundException);
  });

  it('refuses what the model and the pipe rules refuse, in Pipes error shapes', async () => {
    await create('dup');
    await assert.rejects(create('dup'), (error: ConflictException) => {
      assert.ok(error instanceof ConflictException);
      assert.equal(error.resourceId, 'dup');
      assert.equal(error.resourceType, 'pipe');
      return true;
    });
    await assert.rejects(create('bad name!'), (error: ValidationException) => {
      assert.ok(error instanceof ValidationException);
      assert.equal(error.fieldList?.[0]?.name, 'name');
      assert.match(error.message, /failed to satisfy constraint: Member must satisfy regular expression pattern/);
      return true;
    });
    const fieldOf = async (promise: Promise<{ Name?: string }>) => {
      try {
        const created = await promise;
        assert.fail(`accepted ${created.Name}`);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.ok(error instanceof ValidationException, String(error));
        return error.fieldList?.[0]?.name;
      }
    };
    assert.equal(await fieldOf(create('batch', { SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 11 } } })), 'SourceParameters.DynamoDBStreamParameters.BatchSize');
    assert.equal(await fieldOf(create('no-params', { SourceParameters: {} })), 'SourceParameters.DynamoDBStreamParameters');
    assert.equal(await fieldOf(create('src', { Source: 'arn:aws:kinesis:us-east-1:000000000000:stream/x' })), 'Source');
    assert.equal(await fieldOf(create('missing-queue', { Source: 'arn:aws:sqs:us-east-1:000000000000:nope', SourceParameters: {} })), 'Source');
    assert.equal(await fieldOf(create('tgt', { Target: 'arn:aws:kinesis:us-east-1:000000000000:stream/x' })), 'Target');
    assert.equal(await fieldOf(create('mismatch', { TargetParameters: { SqsQueueParameters: { MessageGroupId: 'g' } } })), 'TargetParameters.SqsQueueParameters');
    assert.equal(
      await fieldOf(create('filter', { SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' }, FilterCriteria: { Filters: [{ Pattern: '{"a":"not-a-list"}' }] } } })),
      'SourceParameters.FilterCriteria.Filters[0].Pattern',
    );
    assert.equal(
      await fieldOf(create('anything-but', { SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' }, FilterCriteria: { Filters: [{ Pattern: '{"eventName":[{"anything-but":{"prefix":"IN"}}]}' }] } } })),
      'SourceParameters.FilterCriteria.Filters[0].Pattern',
    );
    assert.equal(await fieldOf(create('tpl', { TargetParameters: { InputTemplate: '{"a": <foo>}' } })), 'TargetParameters.InputTemplate');
    assert.equal(await fieldOf(create('sqs-source', { Source: queueArn, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' } } })), 'SourceParameters.DynamoDBStreamParameters');
    assert.equal(await fieldOf(create('role', { RoleArn: 'not-a-role' })), 'roleArn');
    await assert.rejects(pipes.send(new StartPipeCommand({ Name: 'missing' })), NotFoundException);
    await assert.rejects(pipes.send(new UpdatePipeCommand({ Name: 'missing', RoleArn: ROLE })), NotFoundException);
    await assert.rejects(pipes.send(new DeletePipeCommand({ Name: 'missing' })), NotFoundException);
  });
});
