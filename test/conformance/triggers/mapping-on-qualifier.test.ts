import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  GetEventSourceMappingCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  PublishVersionCommand,
  UpdateEventSourceMappingCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { eventually } from '../../helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { makeZip } from '../../helpers/zip.js';
import { createStreamTable } from '../streams/stream-fixtures.js';

const config = fileURLToPath(new URL('../lambda/fixtures/eddy.config.ts', import.meta.url));
const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';

/** What one invocation told the handler it is, and what it got: one JSON line in the function's OUT file. */
interface Seen {
  label: string;
  version: string;
  envVersion: string;
  invokedArn: string;
  keys: string[];
}

/** A handler that appends who it is told it is, with the keys (stream) or bodies (queue) of its batch, to $OUT. */
const zip = (label: string) =>
  makeZip({
    'index.mjs': `import { appendFileSync } from 'node:fs';
export const handler = async (event, context) => {
  appendFileSync(process.env.OUT, JSON.stringify({
    label: ${JSON.stringify(label)},
    version: context.functionVersion,
    envVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedArn: context.invokedFunctionArn,
    keys: event.Records.map((r) => r.dynamodb?.Keys?.pk?.S ?? r.body),
  }) + '\\n');
};`,
  });

describe('event source mappings on a version or an alias (@aws-sdk/client-lambda, -dynamodb, -sqs)', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let scratch: string;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'eddy-mapping-qualifier-'));
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const settled = (FunctionName: string) =>
    eventually(`${FunctionName} to be Active and Successful`, async () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName })), {
      accept: (c) => c.State === 'Active' && c.LastUpdateStatus === 'Successful',
    });
  const seenBy = (name: string): Seen[] => {
    try {
      return readFileSync(join(scratch, `${name}.jsonl`), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Seen);
    } catch {
      return [];
    }
  };
  /** The invocations of `name` that got `key`, once there are `count` of them. */
  const invocationsWith = (name: string, key: string, count = 1) =>
    eventually(`${count} invocation(s) of ${name} with ${key}`, () => seenBy(name).filter((s) => s.keys.includes(key)), { accept: (s) => s.length >= count });

  /** A function whose version 1 says 'first', whose $LATEST (and version 2) says 'second', with alias `live` → 1. */
  async function deploy(name: string): Promise<void> {
    const Environment = { Variables: { OUT: join(scratch, `${name}.jsonl`) } };
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: zip('first') }, Environment }));
    await settled(name);
    assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version, '1');
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip('second') }));
    await settled(name);
    assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: name }))).Version, '2');
    await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
  }
  const put = (TableName: string, pk: string) => eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk } } }));

  it('a stream mapping on an alias shows the alias ARN and hands the records to the alias\'s version; the unqualified function is a mapping of its own', async () => {
    await deploy('orders');
    const stream = await createStreamTable(eddy.ddb, 'QualifiedOrders');
    const onAlias = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'orders:live', EventSourceArn: stream, StartingPosition: 'TRIM_HORIZON' }));
    assert.equal(onAlias.FunctionArn, `${ARN}:orders:live`);
    const unqualified = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'orders', EventSourceArn: stream, StartingPosition: 'TRIM_HORIZON' }));
    assert.equal(unqualified.FunctionArn, `${ARN}:orders`);
    await assert.rejects(
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: `${ARN}:orders:live`, EventSourceArn: stream, StartingPosition: 'LATEST' })),
      (error: Error) => {
        assert.equal(error.name, 'ResourceConflictException');
        assert.match(error.message, new RegExp(`mapping with UUID ${onAlias.UUID}$`));
        return true;
      },
    );
    assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: onAlias.UUID }))).FunctionArn, `${ARN}:orders:live`);

    await put('QualifiedOrders', 'o-1');
    const got = await invocationsWith('orders', 'o-1', 2);
    const viaAlias = got.find((s) => s.invokedArn === `${ARN}:orders:live`);
    assert.deepEqual(viaAlias, { label: 'first', version: '1', envVersion: '1', invokedArn: `${ARN}:orders:live`, keys: ['o-1'] });
    const viaName = got.find((s) => s.invokedArn === `${ARN}:orders`);
    assert.deepEqual(viaName, { label: 'second', version: '$LATEST', envVersion: '$LATEST', invokedArn: `${ARN}:orders`, keys: ['o-1'] });
  });

  it('a queue mapping on a version ARN invokes that version', async () => {
    await deploy('jobs');
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'qualified-jobs' }));
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: `${ARN}:jobs:2`, EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:qualified-jobs', BatchSize: 1 }),
    );
    assert.equal(created.FunctionArn, `${ARN}:jobs:2`);
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'job-1' }));
    const [seen] = await invocationsWith('jobs', 'job-1');
    assert.deepEqual(seen, { label: 'second', version: '2', envVersion: '2', invokedArn: `${ARN}:jobs:2`, keys: ['job-1'] });

    // UpdateEventSourceMapping may point it elsewhere: the next message goes to the alias's version.
    const moved = await lambda.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, FunctionName: 'jobs:live' }));
    assert.equal(moved.FunctionArn, `${ARN}:jobs:live`);
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'job-2' }));
    const [again] = await invocationsWith('jobs', 'job-2');
    assert.deepEqual(again, { label: 'first', version: '1', envVersion: '1', invokedArn: `${ARN}:jobs:live`, keys: ['job-2'] });
  });

  it('refuses a version or an alias that does not exist, as Lambda does ("Function does not exist")', async () => {
    await deploy('ghosts');
    await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'qualified-ghosts' }));
    for (const FunctionName of ['ghosts:nope', 'ghosts:9', `${ARN}:ghosts:nope`, '000000000000:function:ghosts:9', 'hello:1', 'hello:live']) {
      await assert.rejects(
        lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:qualified-ghosts' })),
        (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(error.name, 'InvalidParameterValueException', FunctionName);
          assert.equal(error.message, 'Function does not exist');
          assert.equal(error.$metadata?.httpStatusCode, 400);
          return true;
        },
      );
    }
    const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'ghosts', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:qualified-ghosts' }));
    await assert.rejects(lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, FunctionName: 'ghosts:nope' })), {
      name: 'InvalidParameterValueException',
      message: 'Function does not exist',
    });
  });

  it('lists by a qualified name or ARN: only the mappings on that version or alias', async () => {
    await deploy('listed');
    const stream = await createStreamTable(eddy.ddb, 'QualifiedListed');
    const uuid = async (FunctionName: string) =>
      (await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: stream, StartingPosition: 'LATEST', Enabled: false }))).UUID;
    const [plain, alias, version] = [await uuid('listed'), await uuid('listed:live'), await uuid('listed:1')];
    const list = async (FunctionName: string) => (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName }))).EventSourceMappings!.map((m) => m.UUID);
    assert.deepEqual(await list('listed'), [plain]);
    assert.deepEqual(await list(`${ARN}:listed`), [plain]);
    assert.deepEqual(await list('listed:live'), [alias]);
    assert.deepEqual(await list(`${ARN}:listed:live`), [alias]);
    assert.deepEqual(await list('000000000000:function:listed:1'), [version]);
    assert.deepEqual(await list('listed:2'), []);
    assert.deepEqual(await list('listed:nope'), []);
    const both = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'listed:live', EventSourceArn: stream }));
    assert.deepEqual(both.EventSourceMappings!.map((m) => [m.UUID, m.FunctionArn]), [[alias, `${ARN}:listed:live`]]);
  });

  it('keeps a mapping whose alias is deleted (Lambda keeps it too); a record put meanwhile goes to the alias made again, and only there', async () => {
    await deploy('fleeting');
    const stream = await createStreamTable(eddy.ddb, 'QualifiedFleeting');
    const created = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'fleeting:live', EventSourceArn: stream, StartingPosition: 'TRIM_HORIZON' }));
    await put('QualifiedFleeting', 'f-1');
    await invocationsWith('fleeting', 'f-1');
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'fleeting', Name: 'live' }));
    const kept = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(kept.FunctionArn, `${ARN}:fleeting:live`);
    assert.equal(kept.State, 'Enabled');
    await put('QualifiedFleeting', 'f-2');
    // Invocations fail while the alias is gone (the batch never reaches a function, so it is tried again);
    // the alias comes back pointing at version 2, and the record goes to it.
    await lambda.send(new CreateAliasCommand({ FunctionName: 'fleeting', Name: 'live', FunctionVersion: '2' }));
    const got = await invocationsWith('fleeting', 'f-2');
    assert.deepEqual(
      got.map((s) => [s.label, s.version]),
      [['second', '2']],
    );
  });
});
