import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { dynamoClient, sqsClient, testCredentials } from '../helpers/eddy.js';
import { runEddyCli } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';

const config = (body: string) => `import { defineConfig } from 'eddy';\nimport { tables } from './tables.js';\nexport default defineConfig(${body});\n`;
const users = "{ partitionKey: { name: 'userId', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' }";

describe('eddy dev: edits of eddy.config.ts', () => {
  it('applies created, updated and removed resources with a one-line summary, keeps data, and refuses an invalid edit whole', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-dev-config-')));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    mkdirSync(join(dir, 'src'));
    write('src/index-users.ts', "export const handler = async () => 'indexed';\n");
    write('src/report.ts', "export const handler = async () => 'reported';\n");
    write('tables.ts', `export const tables = { Users: ${users}, Old: { partitionKey: { name: 'id', type: 'S' } } } as const;\n`);
    write(
      'eddy.config.ts',
      config(`{
        tables,
        queues: { 'old-jobs': {} },
        functions: {
          indexUsers: { handler: 'src/index-users.ts', events: [{ stream: { table: 'Users' } }] },
          report: { handler: 'src/report.ts', events: [{ stream: { table: 'Users' } }] },
        },
      }`),
    );
    const cli = runEddyCli(['dev', '--port', '0', '--http-port', '0', '--data', join(dir, '.eddy'), '--config', join(dir, 'eddy.config.ts')]);
    const [, endpoint] = (await cli.waitFor(/ready on (http:\/\/\S+)/))!;
    const ddb = dynamoClient(endpoint!);
    const sqs = sqsClient(endpoint!);
    const lambda = new LambdaClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    const summary = (pattern: RegExp) => cli.waitFor(pattern);
    try {
      await ddb.send(new PutItemCommand({ TableName: 'Users', Item: { userId: { S: 'u1' } } }));

      write(
        'eddy.config.ts',
        config(`{
          tables: { Users: tables.Users, Orders: { partitionKey: { name: 'id', type: 'S' } } },
          functions: {
            indexUsers: { handler: 'src/index-users.ts', timeout: 10, events: [{ stream: { table: 'Users', batchSize: 10 } }, { http: 'GET /users' }] },
          },
        }`),
      );
      await summary(
        /config: \+table Orders, ~function indexUsers \(timeout 3 → 10\), -function report, ~stream Users → indexUsers \(batchSize 100 → 10\), -stream Users → report, \+route GET \/users → indexUsers, table Old kept \(remove it with aws dynamodb delete-table\), queue old-jobs kept \(remove it with aws sqs delete-queue\)\n/,
      );
      assert.deepEqual((await ddb.send(new ListTablesCommand({}))).TableNames, ['Old', 'Orders', 'Users']);
      assert.deepEqual((await ddb.send(new GetItemCommand({ TableName: 'Users', Key: { userId: { S: 'u1' } } }))).Item, { userId: { S: 'u1' } });
      assert.equal((await sqs.send(new ListQueuesCommand({}))).QueueUrls?.length, 1);
      assert.equal((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'indexUsers' }))).Timeout, 10);
      await assert.rejects(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'report' })), { name: 'ResourceNotFoundException' });
      const mappings = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
      assert.deepEqual(mappings.map((m) => [m.FunctionArn?.split(':').pop(), m.BatchSize]), [['indexUsers', 10]]);
      // The routes opened the application port.
      const [, app] = (await cli.waitFor(/app: routes served on (http:\/\/\S+)/))!;
      assert.equal(await (await fetch(`${app}/users`)).text(), 'indexed');

      // A mistake: reported as at start, and nothing of the edit applied (not even its good table).
      write(
        'eddy.config.ts',
        config(`{
          tables: { Users: tables.Users, Never: { partitionKey: { name: 'id', type: 'S' } } },
          functions: { indexUsers: { handler: 'src/index-users.ts', events: [{ stream: { table: 'Userz' } }] } },
        }`),
      );
      const file = join(dir, 'eddy.config.ts');
      await eventually('the refusal', () =>
        cli.stderr().includes(
          `config: ${file} not applied; the previous configuration stays in force:\n` +
            `${file}: functions.indexUsers.events[0].stream.table: table Userz does not exist in this config or in storage`,
        ) || undefined,
      );
      assert.deepEqual((await ddb.send(new ListTablesCommand({}))).TableNames, ['Old', 'Orders', 'Users']);
      assert.equal((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'indexUsers' }))).Timeout, 10);

      // A file the config imports is watched too.
      write('eddy.config.ts', config(`{ tables, functions: { indexUsers: { handler: 'src/index-users.ts' } } }`));
      await summary(/config: ~function indexUsers \(timeout 10 → 3\), -stream Users → indexUsers, -route GET \/users, table Orders kept \(remove it with aws dynamodb delete-table\)\n/);
      write('tables.ts', `export const tables = { Users: ${users}, Old: { partitionKey: { name: 'id', type: 'S' } }, Added: { partitionKey: { name: 'id', type: 'S' } } } as const;\n`);
      await summary(/config: \+table Added\n/);
    } finally {
      ddb.destroy();
      sqs.destroy();
      lambda.destroy();
      cli.child.kill('SIGTERM');
      await cli.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
