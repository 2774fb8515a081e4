import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { ListFunctionsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { dynamoClient, sqsClient, testCredentials } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../helpers/cli.js';

/** A project: an eddy.config.ts with a good table and a queue, and the files named. */
function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-checks-')));
  mkdirSync(join(dir, 'src'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const config = (body: string) => `import { defineConfig } from 'eddy';\nexport default defineConfig(${body});\n`;

/** What a start on `data` finds stored: the tables and queues, and the functions deployed. */
async function stored(data: string, configFile: string): Promise<{ tables: string[]; queues: string[]; functions: string[] }> {
  const eddy = await startEddyCli(['--port', '0', '--data', data, '--config', configFile]);
  const ddb = dynamoClient(eddy.endpoint);
  const sqs = sqsClient(eddy.endpoint);
  const lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  try {
    return {
      tables: (await ddb.send(new ListTablesCommand({}))).TableNames ?? [],
      queues: ((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).map((url) => url.split('/').pop()!),
      functions: ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((fn) => fn.FunctionName!),
    };
  } finally {
    ddb.destroy();
    sqs.destroy();
    lambda.destroy();
    eddy.child.kill('SIGTERM');
    await eddy.exited;
  }
}

async function occupied(): Promise<{ blocker: Server; port: number }> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { blocker, port: (blocker.address() as { port: number }).port };
}

describe('eddy start: the configuration is checked whole before anything is applied', () => {
  it('lists every missing table, queue and handler export, and applies nothing', async () => {
    const dir = project({
      'src/send-email.ts': "export const handler = async () => 'sent';\n",
      'src/index-users.ts': 'export const main = async () => 1;\nexport function helper() {}\n',
      'eddy.config.ts': config(`{
        tables: { Users: { partitionKey: { name: 'userId', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' } },
        queues: { jobs: { deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 3 } } },
        functions: {
          sendEmail: { handler: 'src/send-email.ts', events: [{ stream: { table: 'Userz', onFailure: { queue: 'failures' } } }] },
          indexUsers: { handler: 'src/index-users.ts', events: [{ stream: { table: 'Users' } }] },
        },
      }`),
      'fixed.config.ts': config(`{ functions: { sendEmail: { handler: 'src/send-email.ts' } } }`),
    });
    const file = join(dir, 'eddy.config.ts');
    try {
      const cli = runEddyCli(['start', '--port', '0', '--data', join(dir, '.eddy'), '--config', file]);
      assert.equal((await cli.exited).code, 1);
      assert.equal(
        cli.stderr(),
        'eddy start: the configuration is not valid:\n' +
          `${file}: queues.jobs.deadLetter.queue: queue jobs-dlq does not exist in this config or in storage\n` +
          `${file}: functions.sendEmail.events[0].stream.table: table Userz does not exist in this config or in storage\n` +
          `${file}: functions.sendEmail.events[0].stream.onFailure.queue: queue failures does not exist in this config or in storage\n` +
          `${file}: functions.indexUsers.handler: src/index-users.ts has no export named "handler" (it exports: helper, main)\n`,
      );
      // The good table and queue of the refused config were not created, nor its functions deployed.
      assert.deepEqual(await stored(join(dir, '.eddy'), join(dir, 'fixed.config.ts')), { tables: [], queues: [], functions: ['sendEmail'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a busy port before applying the configuration', async () => {
    const dir = project({
      'src/hello.ts': "export const handler = async () => ({ statusCode: 200, body: 'hi' });\n",
      'eddy.config.ts': config(`{
        tables: { Users: { partitionKey: { name: 'userId', type: 'S' } } },
        functions: { hello: { handler: 'src/hello.ts', events: [{ http: 'GET /hello' }] } },
      }`),
      'empty.config.json': '{}',
    });
    const { blocker, port } = await occupied();
    try {
      const data = join(dir, '.eddy');
      const busyMain = runEddyCli(['start', '--port', String(port), '--http-port', '0', '--data', data, '--config', join(dir, 'eddy.config.ts')]);
      assert.equal((await busyMain.exited).code, 1);
      assert.equal(busyMain.stderr(), `eddy start: port ${port} is already in use (try --port 0 for a free one)\n`);
      const busyApp = runEddyCli(['start', '--port', '0', '--http-port', String(port), '--data', data, '--config', join(dir, 'eddy.config.ts')]);
      assert.equal((await busyApp.exited).code, 1);
      assert.equal(busyApp.stderr(), `eddy start: port ${port} is already in use (try --http-port 0 for a free one)\n`);
      assert.deepEqual(await stored(data, join(dir, 'empty.config.json')), { tables: [], queues: [], functions: [] });
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
