import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionCodeCommand,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import { eventually } from '../../helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { sharedPostgresCluster, testEngines } from '../../helpers/postgres-cluster.js';
import { makeZip } from '../../helpers/zip.js';
import type { Logger } from '../../../src/shared/logger.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const zip = (label: string) => makeZip({ 'index.mjs': `export const handler = async (event, context) => ({ label: ${JSON.stringify(label)}, version: context.functionVersion });` });
const payload = (out: InvokeCommandOutput) => JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'));
const client = (eddy: TestEddy) => new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });

describe('Lambda: API functions on a durable data directory', () => {
  it('survive a restart: code, versions and aliases, Active and invocable at once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-fm-restart-'));
    let eddy: TestEddy | undefined;
    let lambda: LambdaClient | undefined;
    try {
      eddy = await startTestEddy({ data });
      lambda = client(eddy);
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'kept', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: zip('one') }, Publish: true }));
      await lambda.send(new CreateAliasCommand({ FunctionName: 'kept', Name: 'live', FunctionVersion: '1' }));
      const first = lambda;
      await eventually('the deploy', async () => (await first.send(new GetFunctionConfigurationCommand({ FunctionName: 'kept' }))).LastUpdateStatus, { accept: (s) => s === 'Successful' });
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'kept', ZipFile: zip('two') }));
      // The code lives under the data directory, one directory per package.
      assert.equal(readdirSync(join(data, 'functions', 'kept')).length, 2);
      lambda.destroy();
      await eddy.stop();
      eddy = undefined;

      eddy = await startTestEddy({ data });
      lambda = client(eddy);
      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
      assert.equal(config.State, 'Active');
      assert.equal(config.LastUpdateStatus, 'Successful');
      assert.deepEqual(payload(await lambda.send(new InvokeCommand({ FunctionName: 'kept' }))), { label: 'two', version: '$LATEST' });
      const viaAlias = await lambda.send(new InvokeCommand({ FunctionName: 'kept', Qualifier: 'live' }));
      assert.equal(viaAlias.ExecutedVersion, '1');
      assert.equal(payload(viaAlias).label, 'one');
      await lambda.send(new DeleteFunctionCommand({ FunctionName: 'kept' }));
      assert.equal(existsSync(join(data, 'functions', 'kept')), false);
    } finally {
      lambda?.destroy();
      await eddy?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });

  // Nodes share a PostgreSQL database; a SQLite data directory is one Eddy's (a second is refused).
  const nodesSkip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES (nodes share a database only there)';
  const cluster = nodesSkip ? undefined : sharedPostgresCluster();
  it('two nodes on one database: what one creates, updates and deletes, the other runs, at once', { skip: nodesSkip }, async () => {
    const storage = await (await cluster!()).createDatabase({ migrated: true });
    const data = mkdtempSync(join(tmpdir(), 'eddy-fm-nodes-'));
    const a = await startTestEddy({ storage, data: join(data, 'a') }); // each node keeps its copy of the code
    const b = await startTestEddy({ storage, data: join(data, 'b') });
    const [la, lb] = [client(a), client(b)];
    try {
      await la.send(new CreateFunctionCommand({ FunctionName: 'shared', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: zip('from a') } }));
      const config = await lb.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'shared', MaximumRetryAttempts: 0 }));
      assert.equal(config.FunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:shared:$LATEST');
      assert.equal(payload(await lb.send(new InvokeCommand({ FunctionName: 'shared' }))).label, 'from a');
      await eventually('the deploy on a', async () => (await la.send(new GetFunctionConfigurationCommand({ FunctionName: 'shared' }))).State, { accept: (s) => s === 'Active' });
      await lb.send(new UpdateFunctionCodeCommand({ FunctionName: 'shared', ZipFile: zip('from b') }));
      assert.equal(payload(await la.send(new InvokeCommand({ FunctionName: 'shared' }))).label, 'from b');
      const published = await la.send(new PublishVersionCommand({ FunctionName: 'shared' }));
      assert.equal(payload(await lb.send(new InvokeCommand({ FunctionName: 'shared', Qualifier: published.Version }))).label, 'from b');
      await la.send(new DeleteFunctionCommand({ FunctionName: 'shared' }));
      await assert.rejects(lb.send(new InvokeCommand({ FunctionName: 'shared' })), { name: 'ResourceNotFoundException' });
      assert.equal(existsSync(join(data, 'a', 'functions', 'shared')), false);
    } finally {
      la.destroy();
      lb.destroy();
      await a.stop();
      await b.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a config function taking an API function\'s name wins, said once in the log', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-fm-clash-'));
    const warnings: string[] = [];
    const logger: Logger = { info: () => {}, debug: () => {}, error: () => {}, warn: (line) => warnings.push(line) };
    let eddy: TestEddy | undefined;
    let lambda: LambdaClient | undefined;
    try {
      eddy = await startTestEddy({ data });
      lambda = client(eddy);
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'clash', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: zip('api') } }));
      assert.equal(payload(await lambda.send(new InvokeCommand({ FunctionName: 'clash' }))).label, 'api');
      lambda.destroy();
      await eddy.stop();
      eddy = undefined;

      writeFileSync(join(data, 'clash.mjs'), 'export const handler = async () => ({ label: "config" });');
      writeFileSync(join(data, 'eddy.config.json'), JSON.stringify({ functions: { clash: { handler: 'clash.mjs#handler' } } }));
      eddy = await startTestEddy({ data, config: join(data, 'eddy.config.json'), log: logger });
      lambda = client(eddy);
      for (let i = 0; i < 3; i++) assert.equal(payload(await lambda.send(new InvokeCommand({ FunctionName: 'clash' }))).label, 'config');
      assert.equal((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'clash' }))).Handler, 'clash.mjs#handler');
      await assert.rejects(
        lambda.send(new CreateFunctionCommand({ FunctionName: 'clash', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: zip('again') } })),
        { name: 'ResourceConflictException', message: 'Function already exist: clash' },
      );
      assert.deepEqual(
        warnings.filter((line) => line.includes('clash')),
        ['[clash] eddy.config.ts defines a function of this name: it runs instead of the function of that name created through the Lambda API'],
      );
    } finally {
      lambda?.destroy();
      await eddy?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
