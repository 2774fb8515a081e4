import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import type { LogLevel, Logger } from '../../../src/shared/logger.js';
import { eventually } from '../../helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { makeZip } from '../../helpers/zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const payload = (out: InvokeCommandOutput) => JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'));
const greeting = (label: string) => makeZip({ 'index.mjs': `export const handler = async (event, context) => { console.log("hello from", ${JSON.stringify(label)}); return { label: ${JSON.stringify(label)} }; };` });
/** A zip whose module lacks the handler's export: a version of it deploys broken. */
const hollow = makeZip({ 'index.mjs': 'export const other = async () => null;' });

/**
 * A published version deploys under a runtime name of Eddy's own (`eddy-v1-<hash>`); what the terminal
 * says of it — its log lines' prefix, its invocation line, a build failure, a live-code reload — names
 * it as Lambda does, `name:1` (the name alone for $LATEST).
 */
for (const logLevel of ['info', 'debug'] as const satisfies readonly LogLevel[]) {
  describe(`Lambda: the terminal names a published version name:version, never its runtime name (log level ${logLevel})`, () => {
    let eddy: TestEddy;
    let lambda: LambdaClient;
    let scratch: string;
    const lines: string[] = [];
    const logger: Logger = {
      info: (message) => lines.push(message),
      warn: (message) => lines.push(message),
      error: (message) => lines.push(message),
      debug: (message) => lines.push(message),
    };
    before(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'eddy-version-logs-'));
      eddy = await startTestEddy({ log: logger, logLevel });
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
    const invoke = (FunctionName: string, Qualifier?: string) => lambda.send(new InvokeCommand({ FunctionName, Qualifier, Payload: Buffer.from('{}') }));
    const linesOf = (prefix: string) => lines.filter((line) => line.startsWith(`[${prefix}] `));

    it('a version invoked, directly and through an alias, and a version whose code cannot load', async () => {
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'greeter', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: greeting('first') } }));
      await settled('greeter');
      assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: 'greeter' }))).Version, '1');
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', ZipFile: greeting('second') }));
      await settled('greeter');
      await lambda.send(new CreateAliasCommand({ FunctionName: 'greeter', Name: 'live', FunctionVersion: '1' }));
      assert.deepEqual(payload(await invoke('greeter', '1')), { label: 'first' });
      assert.deepEqual(payload(await invoke('greeter', 'live')), { label: 'first' });
      assert.deepEqual(payload(await invoke('greeter')), { label: 'second' });

      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', ZipFile: hollow }));
      await settled('greeter');
      assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: 'greeter' }))).Version, '2');
      assert.equal((await invoke('greeter', '2')).FunctionError, 'Unhandled');

      const version1 = linesOf('greeter:1');
      assert.equal(version1.filter((line) => line.includes('hello from first')).length, 2, version1.join('\n'));
      assert.ok(linesOf('greeter').some((line) => line.includes('hello from second')), 'the name alone for $LATEST');
      if (logLevel === 'debug') {
        assert.equal(version1.filter((line) => /^\[greeter:1\] START RequestId: \S+ Version: 1$/.test(line)).length, 2, version1.join('\n'));
        assert.equal(version1.filter((line) => line.startsWith('[greeter:1] REPORT RequestId: ')).length, 2);
      } else {
        assert.equal(version1.filter((line) => line.startsWith('[greeter:1] ✓ ')).length, 2, version1.join('\n'));
        assert.ok(linesOf('greeter:2').some((line) => line.startsWith('[greeter:2] ✗ Runtime.HandlerNotFound')), lines.join('\n'));
      }
      assert.ok(
        linesOf('greeter:2').some((line) => line.includes('Could not build function greeter:2: ') && line.includes('no export named "handler"')),
        `the build failure names the version: ${lines.join('\n')}`,
      );
      assert.deepEqual(lines.filter((line) => line.includes('eddy-v')), []);
    });

    it('a version whose code is a local directory, reloaded when a file is saved', async () => {
      const dir = join(scratch, 'live-code');
      mkdirSync(dir);
      writeFileSync(join(dir, 'app.mjs'), 'export const main = async () => ({ from: "directory" });');
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'local', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'app.main', Code: { S3Bucket: 'hot-reload', S3Key: dir } }));
      await settled('local');
      assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: 'local' }))).Version, '1');
      assert.deepEqual(payload(await invoke('local', '1')), { from: 'directory' });
      writeFileSync(join(dir, 'app.mjs'), 'export const main = async () => ({ from: "directory, edited" });');
      await eventually('version 1 to reload', () => lines.find((line) => line.startsWith('[local:1] reloaded from its directory')));
      assert.deepEqual(lines.filter((line) => line.includes('eddy-v')), []);
    });
  });
}
