import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { testCredentials } from '../helpers/eddy.js';
import { startEddyCli } from '../helpers/cli.js';

/** Ctrl-C while functions run: Eddy says how many invocations it waits for; a second Ctrl-C exits at once. */
describe('eddy start: Ctrl-C with invocations running', () => {
  let dir: string;
  let config: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-stop-'));
    // Logs when it starts, then takes `ms` milliseconds.
    writeFileSync(join(dir, 'slow.mjs'), "export const handler = async (event) => {\n  console.log(`started ${event.n}`);\n  await new Promise((resolve) => setTimeout(resolve, event.ms));\n  return { done: event.n };\n};\n");
    config = join(dir, 'eddy.config.json');
    writeFileSync(config, JSON.stringify({ functions: { slow: { handler: 'slow.mjs', timeout: 120 } } }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const invoke = (endpoint: string, n: number, ms: number) => {
    const lambda = new LambdaClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    return lambda.send(new InvokeCommand({ FunctionName: 'slow', Payload: Buffer.from(JSON.stringify({ n, ms })) })).finally(() => lambda.destroy());
  };

  it('waits for the invocation running, says so, and exits cleanly once it has finished', async () => {
    const eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--memory', '--config', config]);
    const running = invoke(eddy.endpoint, 1, 3_000);
    await eddy.waitFor(/\[slow\] started 1/);
    eddy.child.kill('SIGINT');
    await eddy.waitFor(/eddy: SIGINT received, waiting for 1 invocation to finish \(Ctrl-C again to exit now\)\n/);
    const out = await running;
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { done: 1 });
    assert.deepEqual(await eddy.exited, { code: 0, signal: null });
  });

  it('a second Ctrl-C exits at once, with an error code, the invocations unfinished', async () => {
    const eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--memory', '--config', config]);
    const running = [invoke(eddy.endpoint, 1, 100_000), invoke(eddy.endpoint, 2, 100_000)].map((call) => call.then(() => 'finished', () => 'cut off'));
    await eddy.waitFor(/\[slow\] started 1/);
    await eddy.waitFor(/\[slow\] started 2/);
    eddy.child.kill('SIGINT');
    await eddy.waitFor(/eddy: SIGINT received, waiting for 2 invocations to finish \(Ctrl-C again to exit now\)\n/);
    eddy.child.kill('SIGINT');
    assert.deepEqual(await eddy.exited, { code: 1, signal: null });
    assert.match(eddy.stderr(), /eddy: SIGINT again, exiting now/);
    assert.deepEqual(await Promise.all(running), ['cut off', 'cut off']);
  });

  it('with nothing running, stops as before', async () => {
    const eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--memory', '--config', config]);
    eddy.child.kill('SIGINT');
    await eddy.waitFor(/eddy: SIGINT received, finishing requests in flight… \(Ctrl-C again to exit now\)\n/);
    assert.deepEqual(await eddy.exited, { code: 0, signal: null });
  });
});
