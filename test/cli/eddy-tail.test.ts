import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli, type CliProcess } from '../helpers/cli.js';

describe('eddy tail', () => {
  let server: CliProcess & { endpoint: string };
  let client: ReturnType<typeof dynamoClient>;
  before(async () => {
    server = await startEddyCli(['--port', '0', '--memory']);
    client = dynamoClient(server.endpoint);
    await client.send(
      new CreateTableCommand({
        TableName: 'Users',
        KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'userId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await client.send(
      new CreateTableCommand({
        TableName: 'Plain',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await client.send(new PutItemCommand({ TableName: 'Users', Item: { userId: { S: 'early' }, name: { S: 'E' } } }));
  });
  after(async () => {
    client.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('prints past records from the trim horizon, then live ones as they are written, one line each', async () => {
    const tail = runEddyCli(['tail', 'Users', '--endpoint', server.endpoint, '--from', 'trim-horizon']);
    try {
      await tail.waitFor(/INSERT Users \{userId: "early"\} \+ name/);
      await client.send(new PutItemCommand({ TableName: 'Users', Item: { userId: { S: 'u1' }, name: { S: 'Ada' } } }));
      await tail.waitFor(/INSERT Users \{userId: "u1"\} \+ name/);
      await client.send(
        new UpdateItemCommand({
          TableName: 'Users',
          Key: { userId: { S: 'u1' } },
          UpdateExpression: 'SET #n = :n, email = :e',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':n': { S: 'Ada L.' }, ':e': { S: 'ada@example.com' } },
        }),
      );
      await tail.waitFor(/MODIFY Users \{userId: "u1"\} \+ email ~ name/);
      await client.send(new DeleteItemCommand({ TableName: 'Users', Key: { userId: { S: 'u1' } } }));
      await tail.waitFor(/REMOVE Users \{userId: "u1"\} - name, email/);
      const lines = tail.stdout().trim().split('\n');
      assert.equal(lines.length, 4);
      assert.match(lines[0]!, /^\d\d:\d\d:\d\d INSERT Users/);
    } finally {
      tail.child.kill('SIGINT');
      await tail.exited;
    }
  });

  it('prints raw records with --json, only new ones by default', async () => {
    const tail = runEddyCli(['tail', 'Users', '--endpoint', server.endpoint, '--json']);
    try {
      // From "latest", a write only shows once the tail is following; keep writing until one arrives.
      let n = 0;
      const seen = tail.waitFor(/"eventName":"INSERT"/);
      const writer = setInterval(() => {
        void client.send(new PutItemCommand({ TableName: 'Users', Item: { userId: { S: `json-${n++}` } } }));
      }, 50);
      try {
        await seen;
      } finally {
        clearInterval(writer);
      }
      const record = JSON.parse(tail.stdout().trim().split('\n')[0]!);
      assert.equal(record.eventSource, 'aws:dynamodb');
      assert.match(record.dynamodb.SequenceNumber, /^\d{21,40}$/);
      assert.match(record.dynamodb.Keys.userId.S, /^json-\d+$/);
      assert.ok(!tail.stdout().includes('"early"'), 'records from before the tail started are not shown');
    } finally {
      tail.child.kill('SIGINT');
      await tail.exited;
    }
  });

  it('says so when the table has no stream, or Eddy cannot be reached', async () => {
    const plain = runEddyCli(['tail', 'Plain', '--endpoint', server.endpoint]);
    assert.equal((await plain.exited).code, 1);
    assert.match(plain.stderr(), /Table Plain has no stream/);
    const nowhere = runEddyCli(['tail', 'Users', '--endpoint', 'http://127.0.0.1:1']);
    assert.equal((await nowhere.exited).code, 1);
    assert.match(nowhere.stderr(), /cannot reach Eddy at http:\/\/127\.0\.0\.1:1/);
    const usage = runEddyCli(['tail']);
    assert.equal((await usage.exited).code, 2);
  });

  it('says a table that does not exist does not exist', async () => {
    const missing = runEddyCli(['tail', 'Userz', '--endpoint', server.endpoint]);
    assert.equal((await missing.exited).code, 1);
    assert.equal(missing.stderr(), 'eddy tail: Table Userz does not exist\n');
  });

  it('ends when Eddy stops, and Eddy stops with a tail connected', async () => {
    const own = await startEddyCli(['--port', '0', '--memory']);
    let tail: CliProcess | undefined;
    try {
      const ownClient = dynamoClient(own.endpoint);
      await ownClient.send(
        new CreateTableCommand({
          TableName: 'Tailed',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
      ownClient.destroy();
      const started = runEddyCli(['tail', 'Tailed', '--endpoint', own.endpoint]);
      tail = started;
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 20_000;
        const check = setInterval(() => {
          if (started.stderr().includes('tailing Tailed')) resolve();
          else if (Date.now() > deadline) reject(new Error(`tail did not start: ${started.stderr()}`));
          else return;
          clearInterval(check);
        }, 20);
      });
      own.child.kill('SIGTERM');
      assert.deepEqual(await own.exited, { code: 0, signal: null });
      assert.equal((await started.exited).code, 0);
      assert.match(started.stderr(), /Eddy closed the connection/);
    } finally {
      own.child.kill('SIGKILL');
      tail?.child.kill('SIGKILL');
    }
  });
});
