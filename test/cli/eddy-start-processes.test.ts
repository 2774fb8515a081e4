import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchGetItemCommand, CreateTableCommand, DeleteTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, TransactGetItemsCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { testCredentials } from '../helpers/eddy.js';
import { eventually } from '../helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../helpers/postgres-cluster.js';
import { runEddyCli, startEddyCli, type CliProcess } from '../helpers/cli.js';
import { childPids, servingPids } from '../helpers/request-processes.js';

const region = 'us-east-1';

const running = (pid: number) => {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
};

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });

const keyed = (name: string) => ({
  TableName: name,
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }, { AttributeName: 'sk', KeyType: 'RANGE' as const }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }, { AttributeName: 'sk', AttributeType: 'N' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
});

describe('eddy start --processes 2', { skip: process.platform !== 'linux' && 'reads /proc to see which process serves a connection' }, () => {
  let dir: string;
  let eddy: CliProcess & { endpoint: string };
  let port: number;
  const clients: DynamoDBClient[] = [];
  const client = () => {
    const made = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 });
    clients.push(made);
    return made;
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-processes-'));
    // Signatures verified: the request processes check them with the primary's code and keys.
    writeFileSync(join(dir, 'auth.json'), JSON.stringify({ credentials: [testCredentials] }));
    eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--data', join(dir, 'data'), '--durability', 'process', '--auth-file', join(dir, 'auth.json'), '--processes', '2']);
    port = Number(new URL(eddy.endpoint).port);
  });
  after(async () => {
    for (const made of clients) made.destroy();
    if (eddy.child.exitCode === null) {
      eddy.child.kill('SIGTERM');
      await eddy.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so when ready, and refuses memory, which other processes cannot open', async () => {
    assert.match(eddy.stdout(), new RegExp(`processes: 2 serving requests, and this one \\(pid ${eddy.child.pid}\\) for the rest`));
    const memory = runEddyCli(['start', '--port', '0', '--memory', '--processes', '2']);
    assert.deepEqual(await memory.exited, { code: 2, signal: null });
    assert.match(memory.stderr(), /several processes need storage they can share: a data directory or PostgreSQL, not memory/);
  });

  it('serves reads from both request processes, each seeing the writes answered before it', async () => {
    const [a, b] = [client(), client()]; // two connections: the primary hands them to the request processes in turn
    await a.send(new CreateTableCommand(keyed('Orders')));
    for (let n = 0; n < 10; n++) {
      const [writer, reader] = n % 2 === 0 ? [a, b] : [b, a];
      await writer.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'o' }, sk: { N: String(n) }, n: { N: String(n) } } }));
      const got = await reader.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o' }, sk: { N: String(n) } } }));
      assert.deepEqual(got.Item?.n, { N: String(n) });
      const queried = await reader.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'pk = :o', ExpressionAttributeValues: { ':o': { S: 'o' } } }));
      assert.equal(queried.Count, n + 1);
    }
    const key = { pk: { S: 'o' }, sk: { N: '3' } };
    assert.deepEqual((await a.send(new BatchGetItemCommand({ RequestItems: { Orders: { Keys: [key] } } }))).Responses?.['Orders']?.[0]?.['n'], { N: '3' });
    assert.equal((await b.send(new ScanCommand({ TableName: 'Orders' }))).Count, 10);
    assert.deepEqual((await a.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'Orders', Key: key } }] }))).Responses?.[0]?.Item?.['n'], { N: '3' });
    const requestProcesses = childPids(eddy.child.pid!);
    assert.equal(requestProcesses.length, 2);
    assert.deepEqual(servingPids(requestProcesses, port), new Set(requestProcesses));
  });

  it('answers a bad read with its typed error, and sees a table deleted and created again through the primary', async () => {
    const c = client();
    const forger = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials: { ...testCredentials, secretAccessKey: 'guessed' }, maxAttempts: 1 });
    clients.push(forger);
    await assert.rejects(forger.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o' }, sk: { N: '1' } } })), { name: 'InvalidSignatureException' });
    await assert.rejects(c.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o' } } })), { name: 'ValidationException', message: 'The provided key element does not match the schema' });
    await assert.rejects(c.send(new GetItemCommand({ TableName: 'Nothing', Key: { pk: { S: 'o' } } })), { name: 'ResourceNotFoundException' });
    await c.send(new DeleteTableCommand({ TableName: 'Orders' }));
    await assert.rejects(c.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o' }, sk: { N: '1' } } })), { name: 'ResourceNotFoundException' });
    await c.send(new CreateTableCommand({ ...keyed('Orders'), KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }));
    await assert.rejects(c.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o' }, sk: { N: '1' } } })), { name: 'ValidationException' });
    assert.equal((await c.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o' } } }))).Item, undefined);
  });

  it('passes a long poll to the primary and its answer back when a message comes', async () => {
    const sqs = new SQSClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 });
    const sender = new SQSClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 });
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }));
      const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
      await sender.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
      const { Messages } = await receiving;
      assert.deepEqual(Messages?.map((m) => m.Body), ['hello']);
    } finally {
      sqs.destroy();
      sender.destroy();
    }
  });

  it('starts another request process when one is killed, and goes on serving', async () => {
    const [victim, survivor] = childPids(eddy.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await eventually('the restart logged', () => (eddy.stderr().includes(`eddy: request process ${victim} exited (SIGKILL); starting another`) ? true : undefined));
    await eventually('a new request process', () => (childPids(eddy.child.pid!).length === 2 ? true : undefined));
    const [c, d] = [client(), client()];
    await c.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'after' } } }));
    assert.ok((await d.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'after' } } }))).Item);
    const now = childPids(eddy.child.pid!);
    assert.equal(now.length, 2);
    assert.ok(now.includes(survivor!) && !now.includes(victim!));
  });

  it('stops on SIGTERM, the request processes with it', async () => {
    const requestProcesses = childPids(eddy.child.pid!);
    eddy.child.kill('SIGTERM');
    assert.deepEqual(await eddy.exited, { code: 0, signal: null });
    await eventually('the request processes gone', () => (requestProcesses.some(running) ? undefined : true), { timeoutMs: 5_000 });
  });
});

describe('eddy start --processes 2: when the primary is killed', { skip: process.platform !== 'linux' && 'reads /proc for the request processes' }, () => {
  it('the request processes exit at once and the port is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-processes-'));
    try {
      const eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--data', dir, '--processes', '2']);
      const port = Number(new URL(eddy.endpoint).port);
      const requestProcesses = childPids(eddy.child.pid!);
      assert.equal(requestProcesses.length, 2);
      eddy.child.kill('SIGKILL');
      await eddy.exited;
      await eventually('the request processes gone', () => (requestProcesses.some(running) ? undefined : true), { timeoutMs: 5_000 });
      assert.equal(await refused(port), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('eddy start --processes 2 on PostgreSQL', { skip: testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES' }, () => {
  const cluster = sharedPostgresCluster();
  it('serves reads from the request processes, each seeing the writes answered before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-processes-pg-'));
    const eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--storage', await (await cluster()).createDatabase({ migrated: true }), '--data', dir, '--processes', '2']);
    const [a, b] = [0, 1].map(() => new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 }));
    try {
      await a!.send(new CreateTableCommand(keyed('Orders')));
      for (let n = 0; n < 4; n++) {
        const [writer, reader] = n % 2 === 0 ? [a!, b!] : [b!, a!];
        await writer.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'o' }, sk: { N: String(n) } } }));
        assert.equal((await reader.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'pk = :o', ExpressionAttributeValues: { ':o': { S: 'o' } } }))).Count, n + 1);
      }
      const requestProcesses = childPids(eddy.child.pid!);
      assert.deepEqual(servingPids(requestProcesses, Number(new URL(eddy.endpoint).port)), new Set(requestProcesses));
      await a!.send(new DeleteTableCommand({ TableName: 'Orders' }));
      await assert.rejects(b!.send(new GetItemCommand({ TableName: 'Orders', Key: { pk: { S: 'o' }, sk: { N: '1' } } })), { name: 'ResourceNotFoundException' });
    } finally {
      a!.destroy();
      b!.destroy();
      eddy.child.kill('SIGTERM');
      await eddy.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
