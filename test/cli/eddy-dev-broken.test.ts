import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { dynamoClient, testCredentials } from '../helpers/eddy.js';
import { runEddyCli } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';

describe('eddy dev: a function that cannot be built', () => {
  it('starts broken, fails its invocations with the build error (Invoke, HTTP, triggers), and recovers on save', async () => {
    // Outside the repository: sources under node_modules are not watched.
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-dev-broken-')));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    mkdirSync(join(dir, 'src'));
    write('src/syntax.ts', 'export const handler = async () => ({ ok: ;\n');
    write('src/imports.ts', "import { answer } from './lib.js';\nexport const handler = async () => answer;\n");
    write('src/exports.ts', 'export const main = async () => 1;\n');
    write(
      'eddy.config.json',
      JSON.stringify({
        tables: { Users: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_IMAGE' } },
        functions: {
          syntax: { handler: 'src/syntax.ts', events: [{ http: 'GET /syntax' }, { stream: { table: 'Users' } }] },
          imports: { handler: 'src/imports.ts' },
          exports: { handler: 'src/exports.ts' },
        },
      }),
    );
    const cli = runEddyCli(['dev', '--port', '0', '--http-port', '0', '--memory', '--config', join(dir, 'eddy.config.json')]);
    let lambda: LambdaClient | undefined;
    try {
      const [, endpoint] = (await cli.waitFor(/ready on (http:\/\/\S+)/))!;
      const [, app] = (await cli.waitFor(/app: +(http:\/\/\S+)/))!;
      const said = (line: string) => eventually(`"${line}"`, () => cli.stderr().includes(line) || undefined);
      await said('[syntax] cannot be built — invocations fail with Runtime.UserCodeSyntaxError until a save fixes it: src/syntax.ts:1:43: Unexpected ";"');
      await said('[imports] cannot be built — invocations fail with Runtime.ImportModuleError until a save fixes it: src/imports.ts:1:24: Could not resolve "./lib.js"');
      await said('[exports] cannot be built — invocations fail with Runtime.HandlerNotFound until a save fixes it: src/exports.ts has no export named "handler" (it exports: main)');

      lambda = new LambdaClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
      const invoke = async (name: string) => {
        const out = await lambda!.send(new InvokeCommand({ FunctionName: name }));
        return { error: out.FunctionError, payload: JSON.parse(Buffer.from(out.Payload!).toString('utf8')) };
      };
      assert.deepEqual(await invoke('syntax'), {
        error: 'Unhandled',
        payload: { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: 'src/syntax.ts:1:43: Unexpected ";"', trace: [] },
      });
      assert.equal((await invoke('imports')).payload.errorType, 'Runtime.ImportModuleError');
      assert.equal((await invoke('exports')).payload.errorType, 'Runtime.HandlerNotFound');
      assert.equal((await fetch(`${app}/syntax`)).status, 502);

      // A stream trigger retries the broken function, as Lambda retries a function that cannot load.
      const ddb = dynamoClient(endpoint!);
      await ddb.send(new PutItemCommand({ TableName: 'Users', Item: { id: { S: 'u1' } } }));
      ddb.destroy();
      const shard = async () => {
        const { mappings } = (await (await fetch(`${endpoint}/_eddy/mappings`)).json()) as { mappings: { shards: { state: string; lastError?: string; checkpoint?: string }[] }[] };
        return mappings[0]?.shards[0];
      };
      await eventually('the trigger to fail', shard, { accept: (s) => s?.lastError?.startsWith('Runtime.UserCodeSyntaxError') ?? false });

      // A save that builds: invocations run the code on disk again, the trigger's retry gets through.
      write('src/syntax.ts', "export const handler = async (event: { Records?: unknown[] }) => ({ statusCode: 200, body: `ok ${event.Records?.length ?? ''}` });\n");
      await eventually('the reload line', () => /\[syntax\] reloaded in \d+ ms — it builds again/.test(cli.stdout()) || undefined);
      assert.equal((await fetch(`${app}/syntax`)).status, 200);
      await eventually('the trigger to succeed', shard, { accept: (s) => s?.state === 'OK' && s.checkpoint !== undefined, timeoutMs: 20_000 });
      // Creating the module an import looks for is a save too.
      write('src/lib.ts', 'export const answer = 42;\n');
      await eventually('imports to build', () => invoke('imports'), { accept: (out) => out.error === undefined && out.payload === 42 });

      // A save that does not build breaks it again, with the new error: never the previous build.
      write('src/syntax.ts', 'export const handler = async () => {;\n');
      await said('[syntax] cannot be built — invocations fail with Runtime.UserCodeSyntaxError until a save fixes it: src/syntax.ts:2:1: Unexpected end of file');
      assert.equal((await invoke('syntax')).payload.errorType, 'Runtime.UserCodeSyntaxError');
    } finally {
      lambda?.destroy();
      cli.child.kill('SIGTERM');
      await cli.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
