import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials } from '../../helpers/eddy.js';


describe('eddy dev: hot reload', () => {
  it('serves the new code after a save; a save that does not build fails invocations with the build error until the next good one', async () => {
    // Outside node_modules: sources under node_modules are not watched (they are packages, not the app).
    const dir = mkdtempSync(join(tmpdir(), 'eddy-hot-'));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    write('version.ts', "export const version = 'one';\n");
    write('handler.ts', "import { version } from './version.js';\nexport const handler = async () => ({ version });\n");
    write('eddy.config.json', JSON.stringify({ functions: { hot: { handler: 'handler.ts#handler' } } }));
    const eddy = await startTestEddy({ config: join(dir, 'eddy.config.json'), watch: true });
    const lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    const version = async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'hot' }));
      const payload = JSON.parse(Buffer.from(out.Payload!).toString('utf8'));
      return (out.FunctionError ? `${out.FunctionError}: ${payload.errorType}` : payload.version) as string;
    };
    /** Invokes until the answer is `want` (the rebuild runs in the background); fails after 10 s. */
    const eventually = async (want: string) => {
      const deadline = Date.now() + 10_000;
      let got = await version();
      while (got !== want && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        got = await version();
      }
      assert.equal(got, want);
    };
    try {
      assert.equal(await version(), 'one');
      // A change to an imported module, not only to the handler file, reloads the function.
      write('version.ts', "export const version = 'two';\n");
      await eventually('two');
      // What runs is what is on disk: the previous build does not keep serving.
      write('handler.ts', 'export const handler = async () => ({ version: ;\n');
      await eventually('Unhandled: Runtime.UserCodeSyntaxError');
      write('handler.ts', "export const handler = async () => ({ version: 'three' });\n");
      await eventually('three');
    } finally {
      lambda.destroy();
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
