import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePipeCommand, UpdatePipeCommand, type CreatePipeCommandInput, type PipesClient } from '@aws-sdk/client-pipes';
import { CreateApiDestinationCommand, CreateConnectionCommand, DeleteApiDestinationCommand } from '@aws-sdk/client-eventbridge';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { startEndpoint, type TestEndpoint } from '../events/http-endpoint.js';
import { ROLE, pipesClient, queue, streamTable } from './pipes-fixtures.js';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

/** A connection (API key) and an API destination on `endpoint`; the destination's ARN. */
async function newDestination(eddy: TestEddy, endpoint: string, method: 'POST' | 'PUT' = 'POST'): Promise<string> {
  const { ConnectionArn } = await eddy.events.send(
    new CreateConnectionCommand({
      Name: unique('conn'),
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'secret' }, InvocationHttpParameters: { HeaderParameters: [{ Key: 'x-shared', Value: 'connection' }] } },
    }),
  );
  const { ApiDestinationArn } = await eddy.events.send(new CreateApiDestinationCommand({ Name: unique('dest'), ConnectionArn, InvocationEndpoint: endpoint, HttpMethod: method }));
  return ApiDestinationArn!;
}

describe('Pipes and API destinations: a pipe calls an HTTP endpoint as its target or its enrichment', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  let hook: TestEndpoint;
  before(async () => {
    eddy = await startTestEddy({ triggers: { retryBaseMs: 5, retryMaxMs: 20 }, bus: { httpTimeoutMs: 1000 } });
    pipes = pipesClient(eddy.endpoint);
    hook = await startEndpoint();
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
    await hook.close();
  });

  const put = (table: string, id: string, extra: Record<string, { S: string }> = {}) =>
    eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, ...extra } }));
  const requestsTo = (path: string) => hook.requests.filter((r) => r.url.startsWith(path));
  const waitFor = async (path: string, count: number) => {
    const deadline = Date.now() + 20_000;
    while (requestsTo(path).length < count) {
      if (Date.now() > deadline) throw new Error(`${requestsTo(path).length} of ${count} requests to ${path}`);
      await hook.received(hook.requests.length + 1, deadline - Date.now()).catch(() => undefined);
    }
    return requestsTo(path);
  };

  it('a target: one request per record, in order, the template as the body, HttpParameters with the connection winning, the API key', async () => {
    const table = unique('Hooked');
    const stream = await streamTable(eddy, table);
    const target = await newDestination(eddy, `${hook.url}/orders/*/events`);
    await pipes.send(
      new CreatePipeCommand({
        Name: unique('to-hook'),
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
        Target: target,
        TargetParameters: {
          InputTemplate: '{"id": <$.dynamodb.NewImage.id.S>, "pipe": <aws.pipes.pipe-name>}',
          HttpParameters: { PathParameterValues: ['o 1'], HeaderParameters: { 'x-shared': 'pipe', 'x-pipe': 'yes' }, QueryStringParameters: { source: 'ddb' } },
        },
        RoleArn: ROLE,
      }),
    );
    for (const id of ['a', 'b', 'c']) await put(table, id);
    const got = await waitFor('/orders/', 3);
    assert.deepEqual(got.map((r) => JSON.parse(r.body).id), ['a', 'b', 'c']);
    const first = got[0]!;
    assert.equal(first.method, 'POST');
    assert.equal(first.url, '/orders/o%201/events?source=ddb');
    assert.equal(first.headers['x-api-key'], 'secret');
    assert.equal(first.headers['x-shared'], 'connection');
    assert.equal(first.headers['x-pipe'], 'yes');
    assert.match(JSON.parse(first.body).pipe, /^to-hook-/);
  });

  it('an enrichment: its templated input is the body, its answer is the batch the target gets; an empty answer ends the batch', async () => {
    const table = unique('Enriched');
    const stream = await streamTable(eddy, table);
    const enrichment = await newDestination(eddy, `${hook.url}/enrich/*`, 'PUT');
    const out = await queue(eddy, unique('enriched'));
    hook.answer = (request) => {
      if (!request.url.startsWith('/enrich/')) return { status: 200, body: '{}' };
      const input = JSON.parse(request.body) as { customer: string };
      return { status: 200, body: input.customer === 'skip' ? '{}' : JSON.stringify({ customer: input.customer, tier: 'gold' }) };
    };
    await pipes.send(
      new CreatePipeCommand({
        Name: unique('enrich'),
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
        Enrichment: enrichment,
        EnrichmentParameters: { InputTemplate: '{"customer": <$.dynamodb.NewImage.customer.S>}', HttpParameters: { PathParameterValues: ['customers'], QueryStringParameters: { q: '1' } } },
        Target: out.arn,
        TargetParameters: { InputTemplate: '{"who": <$.customer>, "tier": <$.tier>}' },
        RoleArn: ROLE,
      }),
    );
    await put(table, '1', { customer: { S: 'skip' } });
    await put(table, '2', { customer: { S: 'ada' } });
    const calls = await waitFor('/enrich/', 2);
    assert.equal(calls[0]!.method, 'PUT');
    assert.equal(calls[0]!.url, '/enrich/customers?q=1');
    assert.deepEqual(calls.map((c) => JSON.parse(c.body)), [{ customer: 'skip' }, { customer: 'ada' }]);
    const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: out.url, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }));
    assert.deepEqual(got.Messages!.map((m) => JSON.parse(m.Body!)), [{ who: 'ada', tier: 'gold' }]);
  });

  it('a target that keeps failing is retried up to MaximumRetryAttempts, then its failure record goes to the dead-letter queue', async () => {
    const table = unique('Failing');
    const stream = await streamTable(eddy, table);
    const target = await newDestination(eddy, `${hook.url}/failing`);
    const dlq = await queue(eddy, unique('hook-dlq'));
    hook.answer = (request) => (request.url.startsWith('/failing') ? { status: 500, body: 'down' } : { status: 200, body: '{}' });
    await pipes.send(
      new CreatePipeCommand({
        Name: unique('failing'),
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumRetryAttempts: 2, DeadLetterConfig: { Arn: dlq.arn } } },
        Target: target,
        RoleArn: ROLE,
      }),
    );
    await put(table, 'x');
    const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 10 }));
    const record = JSON.parse(got.Messages![0]!.Body!);
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 3);
    assert.equal(requestsTo('/failing').length, 3);
    assert.equal(JSON.parse(requestsTo('/failing')[0]!.body).dynamodb.Keys.id.S, 'x');
  });

  it('an enrichment that keeps failing fails the batch: retried, then dead-lettered, the target never called', async () => {
    const table = unique('Unenriched');
    const stream = await streamTable(eddy, table);
    const enrichment = await newDestination(eddy, `${hook.url}/broken-enrichment`);
    const out = await queue(eddy, unique('unenriched'));
    const dlq = await queue(eddy, unique('enrich-dlq'));
    hook.answer = (request) => (request.url.startsWith('/broken-enrichment') ? { status: 404, body: 'no such customer' } : { status: 200, body: '{}' });
    await pipes.send(
      new CreatePipeCommand({
        Name: unique('unenriched'),
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 1, DeadLetterConfig: { Arn: dlq.arn } } },
        Enrichment: enrichment,
        Target: out.arn,
        RoleArn: ROLE,
      }),
    );
    await put(table, 'e-1');
    const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 10 }));
    const record = JSON.parse(got.Messages![0]!.Body!);
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
    assert.equal(requestsTo('/broken-enrichment').length, 2);
    assert.equal((await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: out.url, WaitTimeSeconds: 0 }))).Messages, undefined);
  });

  it('CreatePipe and UpdatePipe refuse an API destination that does not exist and a BatchSize above 1 with an API destination target or enrichment', async () => {
    const stream = await streamTable(eddy, unique('Checked'));
    const out = await queue(eddy, unique('checked'));
    const target = await newDestination(eddy, `${hook.url}/checked`);
    const base = { Source: stream, RoleArn: ROLE, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' as const } } };
    const refused = async (input: Omit<CreatePipeCommandInput, 'Name' | 'RoleArn' | 'Source'> & Partial<CreatePipeCommandInput>, member: string, text: RegExp) => {
      await assert.rejects(pipes.send(new CreatePipeCommand({ ...base, Name: unique('refused'), ...input } as CreatePipeCommandInput)), (error: Error & { fieldList?: { name: string }[] }) => {
        assert.equal(error.name, 'ValidationException');
        assert.equal(error.fieldList?.[0]?.name, member);
        assert.match(error.message, text);
        return true;
      });
    };
    const missing = target.replace(/\/[^/]+$/, '/00000000-0000-0000-0000-000000000000');
    await refused({ Target: missing }, 'Target', /does not exist/);
    await refused({ Target: out.arn, Enrichment: missing }, 'Enrichment', /does not exist/);
    await refused({ Target: target, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 2 } } }, 'SourceParameters.DynamoDBStreamParameters.BatchSize', /less than or equal to 1/);
    await refused({ Target: out.arn, Enrichment: target, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 5 } } }, 'SourceParameters.DynamoDBStreamParameters.BatchSize', /less than or equal to 1 for enrichment/);

    // Without a BatchSize the pipe takes one record at a time.
    const name = unique('updated');
    await pipes.send(new CreatePipeCommand({ ...base, Name: name, Target: target }));
    const gone = await newDestination(eddy, `${hook.url}/gone`);
    await eddy.events.send(new DeleteApiDestinationCommand({ Name: gone.split('/').at(-2)! }));
    await assert.rejects(pipes.send(new UpdatePipeCommand({ Name: name, RoleArn: ROLE, Target: gone })), /does not exist/);
  });

  it('CreatePipe and UpdatePipe refuse HttpParameters the model refuses (a header name that is no token, a blank path value) as ValidationException', async () => {
    const table = unique('BadHttp');
    const stream = await streamTable(eddy, table);
    const target = await newDestination(eddy, `${hook.url}/bad`);
    const create = (http: NonNullable<NonNullable<CreatePipeCommandInput['TargetParameters']>['HttpParameters']>, where: 'TargetParameters' | 'EnrichmentParameters' = 'TargetParameters') =>
      pipes.send(
        new CreatePipeCommand({
          Name: unique('bad-http'),
          Source: stream,
          SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
          Target: target,
          ...(where === 'EnrichmentParameters' && { Enrichment: target }),
          [where]: { HttpParameters: http },
          RoleArn: ROLE,
        }),
      );
    await assert.rejects(create({ HeaderParameters: { 'bad header': 'x' } }), (error: Error) => error.name === 'ValidationException' && /targetParameters\.httpParameters\.headerParameters/.test(error.message));
    await assert.rejects(create({ PathParameterValues: ['  '] }, 'EnrichmentParameters'), (error: Error) => error.name === 'ValidationException' && /enrichmentParameters\.httpParameters\.pathParameterValues/.test(error.message));
    const { Name } = await create({ HeaderParameters: { 'x-ok': 'yes' }, QueryStringParameters: { q: 'a b' } });
    await assert.rejects(
      pipes.send(new UpdatePipeCommand({ Name: Name!, RoleArn: ROLE, TargetParameters: { HttpParameters: { QueryStringParameters: { q: 'bell\u0007' } } } })),
      { name: 'ValidationException' },
    );
  });
});
