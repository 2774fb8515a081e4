import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEddyCli, startEddyCli } from '../helpers/cli.js';

const fixtures = fileURLToPath(new URL('../conformance/lambda/fixtures/', import.meta.url));

describe('eddy invoke and eddy start --config', () => {
  it('invokes a function of a running Eddy and prints its logs and result', async () => {
    const eddy = await startEddyCli(['--port', '0', '--memory', '--config', join(fixtures, 'eddy.config.ts')]);
    try {
      const eventFile = join(mkdtempSync(join(tmpdir(), 'eddy-event-')), 'event.json');
      writeFileSync(eventFile, '{"name":"CLI"}');
      const ok = runEddyCli(['invoke', 'hello', '--endpoint', eddy.endpoint, '--event', eventFile]);
      assert.equal((await ok.exited).code, 0);
      assert.equal(JSON.parse(ok.stdout()).message, 'Hello, CLI!');
      assert.match(ok.stderr(), /^START RequestId: /m);
      assert.match(ok.stderr(), /\tINFO\tgreeting CLI$/m);
      const failed = runEddyCli(['invoke', 'thrower', '--endpoint', eddy.endpoint]);
      assert.equal((await failed.exited).code, 1);
      assert.equal(JSON.parse(failed.stdout()).errorType, 'OrderRejected');
      const missing = runEddyCli(['invoke', 'nope', '--endpoint', eddy.endpoint]);
      assert.equal((await missing.exited).code, 1);
      assert.match(missing.stderr(), /ResourceNotFoundException: Function not found/);
      // The function's console output also shows in Eddy's terminal, prefixed with its name.
      assert.match(eddy.stdout(), /\[hello\] .*greeting CLI/);
    } finally {
      eddy.child.kill('SIGTERM');
      await eddy.exited;
    }
  });

  it('refuses an invalid configuration with every problem, naming the file and path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-config-'));
    try {
      const file = join(dir, 'eddy.config.json');
      writeFileSync(file, JSON.stringify({ tables: { Users: { partitionKey: { name: 'id', type: 'X' } } }, functions: { f: { handler: 'x.ts', timeout: 0 } } }));
      const cli = runEddyCli(['start', '--memory', '--port', '0', '--config', file]);
      assert.equal((await cli.exited).code, 1);
      assert.match(cli.stderr(), /tables\.Users\.partitionKey\.type/);
      assert.match(cli.stderr(), /functions\.f\.timeout/);
      assert.ok(cli.stderr().includes(file));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
