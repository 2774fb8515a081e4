import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { CreateTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../helpers/cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'eddy-cli-'));

describe('eddy start', () => {
  it('prints the endpoint of a free port with --port 0 and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    try {
      const eddy = await startEddyCli(['--port', '0', '--data', dir]);
      assert.match(eddy.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(eddy.endpoint, 'http://127.0.0.1:0');
      const client = dynamoClient(eddy.endpoint);
      assert.deepEqual((await client.send(new ListTablesCommand({}))).TableNames, []);
      client.destroy();
      eddy.child.kill('SIGTERM');
      assert.deepEqual(await eddy.exited, { code: 0, signal: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops cleanly on SIGINT with --memory', async () => {
    const eddy = await startEddyCli(['--port', '0', '--memory']);
    assert.match(eddy.stdout(), /storage: in memory/);
    eddy.child.kill('SIGINT');
    assert.deepEqual(await eddy.exited, { code: 0, signal: null });
  });

  it('finishes a request in flight before exiting on SIGTERM', async () => {
    const eddy = await startEddyCli(['--port', '0', '--memory']);
    const url = new URL(eddy.endpoint);
    const body = JSON.stringify({ Limit: 10 });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'DynamoDB_20120810.ListTables',
            authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
            'x-amz-date': '20260101T000000Z',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 5));
      // Signal while the body is still arriving, then finish it.
      setTimeout(() => {
        eddy.child.kill('SIGTERM');
        eddy.waitFor(/finishing requests in flight/).then(() => req.end(body.slice(5)), reject);
      }, 100);
    });
    const res = await response;
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.text), { TableNames: [] });
    assert.deepEqual(await eddy.exited, { code: 0, signal: null });
  });

  it('refuses --data together with --memory', async () => {
    const cli = runEddyCli(['start', '--memory', '--data', '/tmp/x']);
    assert.equal((await cli.exited).code, 2);
    assert.match(cli.stderr(), /--data and --memory cannot be used together/);
  });

  it('refuses an invalid port and unknown options', async () => {
    const bad = runEddyCli(['start', '--port', 'abc']);
    assert.equal((await bad.exited).code, 2);
    assert.match(bad.stderr(), /--port must be an integer/);
    const unknown = runEddyCli(['start', '--bogus']);
    assert.equal((await unknown.exited).code, 2);
    assert.match(unknown.stderr(), /bogus/);
  });

  it('refuses functions importing packages that are not installed: one line each, with the command that installs it', async () => {
    const dir = realpathSync(tempDir());
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'package.json'), '{"name":"app","private":true}');
      writeFileSync(join(dir, 'src/index-users.ts'), "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => typeof DynamoDBClient;\n");
      writeFileSync(join(dir, 'src/report.ts'), "import chunk from 'lodash/chunk.js';\nexport const handler = async () => chunk([1, 2], 1);\n");
      const config = join(dir, 'eddy.config.json');
      writeFileSync(config, JSON.stringify({ functions: { indexUsers: { handler: 'src/index-users.ts' }, report: { handler: 'src/report.ts' } } }));
      const cli = runEddyCli(['start', '--memory', '--port', '0', '--config', config]);
      assert.equal((await cli.exited).code, 1);
      assert.equal(
        cli.stderr(),
        'eddy start: the configuration is not valid:\n' +
          `${config}: functions.indexUsers: cannot be built: src/index-users.ts imports "@aws-sdk/client-dynamodb", which is not installed in ${dir} — run: npm install @aws-sdk/client-dynamodb\n` +
          `${config}: functions.report: cannot be built: src/report.ts imports "lodash/chunk.js", which is not installed in ${dir} — run: npm install lodash\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown command', async () => {
    const cli = runEddyCli(['fly']);
    assert.equal((await cli.exited).code, 2);
    assert.match(cli.stderr(), /unknown command 'fly'/);
  });

  it('says so when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = runEddyCli(['start', '--port', String(port), '--memory']);
      assert.equal((await cli.exited).code, 1);
      assert.match(cli.stderr(), new RegExp(`port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('keeps every acknowledged write across kill -9', async () => {
    const dir = tempDir();
    try {
      const first = await startEddyCli(['--port', '0', '--data', dir]);
      const client = dynamoClient(first.endpoint);
      await client.send(
        new CreateTableCommand({
          TableName: 'Durable',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      for (let i = 0; i < 50; i++) {
        await client.send(new PutItemCommand({ TableName: 'Durable', Item: { id: { S: `k${i}` }, n: { N: String(i) } } }));
      }
      client.destroy();
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      const second = await startEddyCli(['--port', '0', '--data', dir]);
      const again = dynamoClient(second.endpoint);
      assert.deepEqual((await again.send(new ListTablesCommand({}))).TableNames, ['Durable']);
      for (let i = 0; i < 50; i++) {
        const { Item } = await again.send(new GetItemCommand({ TableName: 'Durable', Key: { id: { S: `k${i}` } } }));
        assert.deepEqual(Item, { id: { S: `k${i}` }, n: { N: String(i) } });
      }
      again.destroy();
      second.child.kill('SIGTERM');
      assert.equal((await second.exited).code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
