import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { ExportFileError } from '../../../src/export/index.js';
import { startTestEddy } from '../../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../../helpers/cli.js';

const HEADER = '{"eddy":"export","version":1,"exportedAt":"2026-12-07T00:00:00.000Z","region":"us-east-1","account":"000000000000"}';
const TABLE = '{"type":"table","name":"things","create":{"TableName":"things","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"}}}';

describe('eddy start --import refuses what is not an export, keeps what exists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-import-'));
  const write = (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a file that is not an export: exit code 2 with the reason, nothing served', async () => {
    const file = write('not-export.jsonl', ['{"TableName":"x"}']);
    const cli = runEddyCli(['start', '--memory', '--port', '0', '--http-port', '0', '--import', file]);
    const { code } = await cli.exited;
    assert.equal(code, 2, cli.stderr());
    assert.match(cli.stderr(), /--import: .*not-export\.jsonl is not an Eddy export/);
    assert.doesNotMatch(cli.stdout(), /ready on/);
  });

  it('a newer version, a line that is not JSON, a table CreateTable refuses, a stray or keyless item reject startEddy with ExportFileError', async () => {
    const newer = write('newer.jsonl', [HEADER.replace('"version":1', '"version":2'), TABLE]);
    await assert.rejects(startTestEddy({ import: newer }), (error: Error) => error instanceof ExportFileError && /version 2; this Eddy reads version 1/.test(error.message));
    const broken = write('broken.jsonl', [HEADER, TABLE, '{"type":"item","table":"things","item":{"pk":{"S":"a"}}', '']);
    await assert.rejects(startTestEddy({ import: broken }), (error: Error) => error instanceof ExportFileError && /broken\.jsonl:3: not a JSON line/.test(error.message));
    const refused = write('refused.jsonl', [HEADER, TABLE.replace('"KeyType":"HASH"', '"KeyType":"SIDEWAYS"')]);
    await assert.rejects(startTestEddy({ import: refused }), (error: Error) => error instanceof ExportFileError && /refused\.jsonl:2: table: .*'SIDEWAYS' at 'keySchema/.test(error.message));
    const stray = write('stray.jsonl', [HEADER, TABLE, '{"type":"item","table":"others","item":{"pk":{"S":"a"}}}']);
    await assert.rejects(startTestEddy({ import: stray }), (error: Error) => error instanceof ExportFileError && /stray\.jsonl:3: item: an item of table others must follow that table's line/.test(error.message));
    const badItem = write('bad-item.jsonl', [HEADER, TABLE, '{"type":"item","table":"things","item":{"other":{"S":"a"}}}']);
    await assert.rejects(startTestEddy({ import: badItem }), (error: Error) => error instanceof ExportFileError && /bad-item\.jsonl:3: item: .*key/i.test(error.message));
    const empty = write('empty.jsonl', []);
    await assert.rejects(startTestEddy({ import: empty }), ExportFileError);
  });

  it('a table or queue that exists is kept with none of the file\'s items or messages: importing twice duplicates nothing', async () => {
    const data = join(dir, 'data');
    const file = write('fixture.jsonl', [
      HEADER,
      TABLE,
      '{"type":"item","table":"things","item":{"pk":{"S":"a"},"n":{"N":"1"}}}',
      '{"type":"queue","name":"work","create":{"QueueName":"work","Attributes":{}}}',
      '{"type":"message","queue":"work","messageId":"m1","body":"one"}',
      '{"type":"message","queue":"work","messageId":"m2","body":"two","delayMs":600000}',
    ]);
    const first = await startTestEddy({ data, import: file });
    await first.ddb.send(new PutItemCommand({ TableName: 'things', Item: { pk: { S: 'a' }, n: { N: '2' } } }));
    await first.stop();
    const logs: string[] = [];
    const second = await startTestEddy({ data, import: file, log: { info: (m) => logs.push(m), warn() {}, error() {}, debug() {} } });
    try {
      const { Items } = await second.ddb.send(new ScanCommand({ TableName: 'things' }));
      assert.deepEqual(Items, [{ pk: { S: 'a' }, n: { N: '2' } }]);
      const { QueueUrl } = await second.sqs.send(new GetQueueUrlCommand({ QueueName: 'work' }));
      const { Attributes } = await second.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      assert.deepEqual([Attributes!['ApproximateNumberOfMessages'], Attributes!['ApproximateNumberOfMessagesDelayed']], ['1', '1']);
      assert.ok(logs.some((line) => /imported .*fixture\.jsonl: 0 tables, 0 items, 0 queues, 0 messages.*kept as they were: table things, queue work/.test(line)), logs.join('\n'));
    } finally {
      await second.stop();
    }
  });

  it('--export-on-exit writes the export when eddy start stops on SIGTERM', async () => {
    const file = join(dir, 'on-exit.jsonl');
    const server = await startEddyCli(['--memory', '--port', '0', '--http-port', '0', '--export-on-exit', file]);
    const ddb = (await import('../../helpers/eddy.js')).dynamoClient(server.endpoint);
    await ddb.send(new CreateTableCommand(JSON.parse(TABLE).create));
    await ddb.send(new PutItemCommand({ TableName: 'things', Item: { pk: { S: 'kept' } } }));
    ddb.destroy();
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0, server.stderr());
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines[0].eddy, 'export');
    assert.deepEqual(lines.filter((line) => line.type === 'item'), [{ type: 'item', table: 'things', item: { pk: { S: 'kept' } } }]);
  });
});

describe('a 20,000-item table round-trips', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-import-big-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const COUNT = 20_000;

  it('imports without stream records and exports the same item lines', async () => {
    const fixture = join(dir, 'big.jsonl');
    const out = createWriteStream(fixture);
    out.write(`${HEADER}\n${TABLE}\n`);
    const items = new Set<string>();
    for (let i = 0; i < COUNT; i++) {
      const line = `{"type":"item","table":"things","item":{"pk":{"S":"k${String(i).padStart(5, '0')}"},"n":{"N":"${i}"},"b":{"B":"${Buffer.from([i % 256]).toString('base64')}"}}}`;
      items.add(line);
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const eddy = await startTestEddy({ import: fixture });
    try {
      const { Count } = await eddy.ddb.send(new ScanCommand({ TableName: 'things', Select: 'COUNT' }));
      // One Scan page stops at 1 MB; these items are small, so a page holds them all.
      assert.equal(Count, COUNT);
      const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName: 'things' }));
      const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
      const shard = StreamDescription!.Shards![0]!;
      const { ShardIterator } = await eddy.streams.send(new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
      assert.deepEqual((await eddy.streams.send(new GetRecordsCommand({ ShardIterator: ShardIterator! }))).Records, []);

      const exported = join(dir, 'again.jsonl');
      const cli = runEddyCli(['export', exported, '--endpoint', eddy.endpoint]);
      assert.equal((await cli.exited).code, 0, cli.stderr());
      assert.match(cli.stderr(), /exported 1 table, 20000 items, 0 queues, 0 messages, 1 bus, 0 rules/);
      const lines = readFileSync(exported, 'utf8').trimEnd().split('\n');
      const again = lines.filter((line) => line.startsWith('{"type":"item"'));
      assert.equal(again.length, COUNT);
      assert.deepEqual(again.filter((line) => !items.has(line)), []);
    } finally {
      await eddy.stop();
    }
  });
});
