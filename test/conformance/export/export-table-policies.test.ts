import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, GetResourcePolicyCommand, PutResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';

const policyOf = (resource: string, action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: [action], Resource: resource }] }, null, 2);

describe('an export carries the resource policies of tables and of their streams (startEddy({ exportOnExit }))', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-policies-'));
  const file = join(dir, 'state.jsonl');
  let copy: TestEddy;
  let tablePolicy: string;
  let streamPolicy: string;
  let oldStream: string;
  const logs: string[] = [];

  before(async () => {
    const source = await startTestEddy({ exportOnExit: file, log: { info: (m) => logs.push(m), warn() {}, error() {}, debug() {} } });
    const create = (TableName: string) =>
      source.ddb.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
    const { TableDescription } = await create('guarded');
    await create('plain');
    oldStream = TableDescription!.LatestStreamArn!;
    tablePolicy = policyOf(TableDescription!.TableArn!, 'dynamodb:GetItem');
    streamPolicy = policyOf(oldStream, 'dynamodb:GetRecords');
    await source.ddb.send(new PutResourcePolicyCommand({ ResourceArn: TableDescription!.TableArn!, Policy: tablePolicy }));
    await source.ddb.send(new PutResourcePolicyCommand({ ResourceArn: oldStream, Policy: streamPolicy }));
    await source.stop();
    copy = await startTestEddy({ import: file });
  });
  after(async () => {
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says as Eddy stops that it exports, then what it exported', () => {
    const begins = logs.indexOf(`eddy: exporting to ${file}…`);
    assert.ok(begins !== -1 && logs.indexOf(`eddy: exported 2 tables, 0 items, 0 queues, 0 messages, 1 bus, 0 rules to ${file}`) > begins, logs.join('\n'));
  });

  it("writes the table's policy as CreateTable's ResourcePolicy and the stream's as a PutResourcePolicy request", () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    const guarded = lines.find((l) => l.type === 'table' && l.name === 'guarded');
    assert.equal(guarded.create.ResourcePolicy, tablePolicy);
    assert.deepEqual(guarded.streamPolicy, { ResourceArn: oldStream, Policy: streamPolicy });
    const plain = lines.find((l) => l.type === 'table' && l.name === 'plain');
    assert.deepEqual([plain.create.ResourcePolicy, plain.streamPolicy], [undefined, undefined]);
  });

  it("puts the table's policy back, and the stream's on the new stream, naming it instead of the old one", async () => {
    const { Table } = await copy.ddb.send(new DescribeTableCommand({ TableName: 'guarded' }));
    assert.equal((await copy.ddb.send(new GetResourcePolicyCommand({ ResourceArn: Table!.TableArn! }))).Policy, tablePolicy);
    const newStream = Table!.LatestStreamArn!;
    assert.notEqual(newStream, oldStream);
    assert.equal((await copy.ddb.send(new GetResourcePolicyCommand({ ResourceArn: newStream }))).Policy, policyOf(newStream, 'dynamodb:GetRecords'));
    const { Table: plain } = await copy.ddb.send(new DescribeTableCommand({ TableName: 'plain' }));
    await assert.rejects(copy.ddb.send(new GetResourcePolicyCommand({ ResourceArn: plain!.TableArn! })), { name: 'PolicyNotFoundException' });
  });
});
