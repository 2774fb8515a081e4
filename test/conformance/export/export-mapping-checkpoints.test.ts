import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, GetEventSourceMappingCommand, LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ExportFileError } from '../../../src/export/index.js';
import { signedHeaders, startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { lambdaClient } from '../../helpers/lambda-client.js';
import { createStreamTable } from './stream-table.js';
import { readLineage } from '../streams/stream-fixtures.js';
import { CreatePipeCommand, UpdatePipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { pipesClient, queue, ROLE as PIPES_ROLE } from '../pipes/pipes-fixtures.js';
import { runEddyCli } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { makeZip } from '../../helpers/zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/**
 * Appends `<function> <pk>#<n>` per record it is given to $OUT; as sink, refuses (throws) a batch
 * holding a `poison` item while the file $BLOCK exists. The two Eddies run it one after the other, never at once.
 */
const HANDLER = `
import { appendFileSync, existsSync } from 'node:fs';
export const handler = async (event) => {
  if (process.env.NAME === 'sink' && existsSync(process.env.BLOCK) && event.Records.some((r) => r.dynamodb.NewImage?.poison)) throw new Error('blocked');
  for (const r of event.Records) appendFileSync(process.env.OUT, process.env.NAME + ' ' + r.dynamodb.Keys.pk.S + '#' + r.dynamodb.NewImage.n.N + '\\n');
};`;

describe('an export carries stream mappings and pipes with their checkpoints and the records they have not handled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-checkpoints-'));
  const file = join(dir, 'state.jsonl');
  const out = join(dir, 'delivered.txt');
  const block = join(dir, 'block');
  let source: TestEddy | undefined;
  let copy: TestEddy;
  let lambda: LambdaClient;
  let pipes: PipesClient;
  /** Lines of $OUT written by the source Eddy, before the copy started. */
  let sourceLines: number;

  const delivered = () => (existsSync(out) ? readFileSync(out, 'utf8').trimEnd().split('\n') : []);
  const put = (eddy: TestEddy, pk: string, n: number, poison = false) =>
    eddy.ddb.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: pk }, n: { N: String(n) }, ...(poison && { poison: { BOOL: true } }) } }));

  /** Each mapping's function and, per shard (parent first), `finished` or its checkpoint, as GET /_eddy/mappings shows them. */
  const positions = async (eddy: TestEddy) => {
    const url = `${eddy.endpoint}/_eddy/mappings`;
    const { mappings } = (await (await fetch(url, { headers: signedHeaders('GET', url, {}, '', 'eddy') })).json()) as { mappings: { functionName: string; shards: { checkpoint?: string; finished: boolean }[] }[] };
    return mappings.map((m) => [m.functionName, ...m.shards.map((shard) => (shard.finished ? 'finished' : shard.checkpoint))]).sort();
  };

  before(async () => {
    writeFileSync(block, '');
    source = await startTestEddy({ triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    const a = lambdaClient(source.endpoint);
    const streamArn = await createStreamTable(source.ddb, 'orders');
    for (const name of ['sink', 'audit']) {
      await a.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Role: ROLE,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Environment: { Variables: { OUT: out, BLOCK: block, NAME: name } },
          Code: { ZipFile: makeZip({ 'index.mjs': HANDLER }) },
        }),
      );
    }
    // sink is blocked at the poison record (retried for ever); audit handles every one.
    await a.send(new CreateEventSourceMappingCommand({ FunctionName: 'sink', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1 }));
    await a.send(new CreateEventSourceMappingCommand({ FunctionName: 'audit', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1 }));
    a.destroy();
    // A stopped pipe that never ran: it has handled none of the records.
    const changes = await queue(source, 'changes');
    const pa = pipesClient(source.endpoint);
    await pa.send(
      new CreatePipeCommand({
        Name: 'feed',
        Source: streamArn,
        RoleArn: PIPES_ROLE,
        Target: changes.arn,
        DesiredState: 'STOPPED',
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
      }),
    );
    pa.destroy();
    await put(source, 'a', 1);
    await put(source, 'b', 1);
    await put(source, 'a', 2);
    await eventually('sink to handle the first three records', () => delivered().filter((l) => l.startsWith('sink ')).length, { accept: (n) => n === 3 });
    // A closed parent shard and its child: sink drains the parent, then is blocked at the child's first record.
    await source.admin('/_eddy/streams/rotate');
    await put(source, 'p', 1, true);
    await put(source, 'a', 3);
    await put(source, 'b', 2);
    // Handled is not yet checkpointed: wait for the parent finished by both, and audit's position after b#2 (the last record).
    const sequences = (await readLineage(source.streams, streamArn)).map((r) => r.dynamodb!.SequenceNumber!);
    const expected = [['audit', 'finished', sequences[5]], ['pipe feed', undefined, undefined], ['sink', 'finished', undefined]];
    await eventually('the mappings to store their positions', () => positions(source!), { accept: (p) => JSON.stringify(p) === JSON.stringify(expected) });
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /exported 1 table, 3 items, 1 queue, 0 messages, 1 bus, 0 rules, 6 stream records, /);
    await source.stop();
    source = undefined;
    sourceLines = delivered().length;
    rmSync(block);
    const logs: string[] = [];
    copy = await startTestEddy({ import: file, triggers: { retryBaseMs: 5, retryMaxMs: 20 }, log: { info: (m) => logs.push(m), warn() {}, error() {}, debug() {} } });
    assert.ok(logs.some((line) => /imported .*: 1 table, 3 items, 1 queue, 0 messages, \d bus(es)?, 0 rules, 6 stream records, /.test(line)), logs.join('\n'));
    lambda = lambdaClient(copy.endpoint);
    pipes = pipesClient(copy.endpoint);
  });
  after(async () => {
    lambda?.destroy();
    pipes?.destroy();
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the records some consumer has not handled, in passes (those most consumers handled first), and each mapping and pipe with its checkpoints', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    const records = lines.filter((l) => l.type === 'streamRecord');
    // The pipe needs all six; sink the last three; audit none.
    assert.deepEqual(
      records.map((l) => `${l.table} ${JSON.parse(l.record.slice(2)).Keys.pk.S}`),
      ['orders a', 'orders b', 'orders a', 'orders p', 'orders a', 'orders b'],
    );
    assert.ok(lines.findIndex((l) => l.type === 'streamRecord') > lines.findLastIndex((l) => l.type === 'item'));
    const [parent, child] = [records[0].shard, records[3].shard];
    assert.notEqual(parent, child);
    assert.deepEqual(records.map((l) => l.shard), [parent, parent, parent, child, child, child]);
    const checkpoints = Object.fromEntries(lines.filter((l) => l.type === 'mapping').map((l) => [l.function.split(':').at(-1), l.checkpoints]));
    assert.deepEqual(checkpoints, {
      sink: [{ shard: parent, finished: true }],
      audit: [
        { shard: parent, finished: true },
        { shard: child, sequence: records[5].sequence },
      ],
    });
    assert.deepEqual(lines.find((l) => l.type === 'pipe').checkpoints, []);
  });

  it('delivers after the import exactly the records a mapping had not handled, in order per key, and what is written after', async () => {
    await put(copy, 'c', 1);
    // c#1 comes last in sink's shard: anything delivered twice before it is there by then.
    const fresh = await eventually('the copy to deliver', () => delivered().slice(sourceLines), { accept: (lines) => lines.includes('sink c#1') && lines.includes('audit c#1') });
    const of = (name: string) => fresh.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));
    // One shard: in its order, each once (a#1, b#1, a#2 it had handled before the export).
    assert.deepEqual(of('sink'), ['p#1', 'a#3', 'b#2', 'c#1']);
    assert.deepEqual(of('audit'), ['c#1']);
    const { EventSourceMappings } = await lambda.send(new ListEventSourceMappingsCommand({}));
    for (const mapping of EventSourceMappings!) {
      assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).State, 'Enabled');
    }
  });

  it('imports a stopped pipe stopped, with its checkpoints: started, it delivers every record it had not handled, once, in order', async () => {
    const { QueueUrl } = await copy.sqs.send(new GetQueueUrlCommand({ QueueName: 'changes' }));
    await pipes.send(new UpdatePipeCommand({ Name: 'feed', RoleArn: PIPES_ROLE, DesiredState: 'RUNNING' }));
    const got: string[] = [];
    await eventually('the pipe to deliver', async () => {
      const { Messages } = await copy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const m of Messages ?? []) {
        const record = JSON.parse(m.Body!) as { dynamodb: { Keys: { pk: { S: string } }; NewImage: { n: { N: string } } } };
        got.push(`${record.dynamodb.Keys.pk.S}#${record.dynamodb.NewImage.n.N}`);
        await copy.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
      return got.length;
    }, { accept: (n) => n >= 7 });
    assert.deepEqual(got, ['a#1', 'b#1', 'a#2', 'p#1', 'a#3', 'b#2', 'c#1']);
  });

  it("refuses a stream record line that is not a stored record, or whose key is not its table's, naming the line", async () => {
    const [header, table] = readFileSync(file, 'utf8').split('\n');
    const fixture = (name: string, record: string) => {
      const at = join(dir, name);
      writeFileSync(at, [header, table, JSON.stringify({ type: 'streamRecord', table: 'orders', shard: 'shardId-00000000000000000001-00000001', sequence: '100000000000000000001', record })].join('\n') + '\n');
      return at;
    };
    const garbled = fixture('garbled.jsonl', '{"Keys":{"pk":{"S":"a"}}}');
    await assert.rejects(startTestEddy({ import: garbled }), (error: Error) => error instanceof ExportFileError && /garbled\.jsonl:3: streamRecord: not a stored stream record/.test(error.message));
    const keyless = fixture('keyless.jsonl', 'I-{"ApproximateCreationDateTime":1,"Keys":{"id":{"S":"a"}},"SizeBytes":3}');
    await assert.rejects(startTestEddy({ import: keyless }), (error: Error) => error instanceof ExportFileError && /keyless\.jsonl:3: streamRecord: .*key/i.test(error.message));
  });
});
