import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runEddyCli } from '../helpers/cli.js';

describe('eddy start and the console', () => {
  it('prints the console URL beside the endpoint, and serves the console there', async () => {
    const cli = runEddyCli(['start', '--memory', '--port', '0']);
    try {
      const [, endpoint] = await cli.waitFor(/ready on (http:\/\/\S+)/);
      const [, url] = await cli.waitFor(/^ {2}console: (\S+)$/m);
      assert.equal(url, `${endpoint}/_eddy/console`);
      const page = await fetch(url!);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>Eddy console<\/title>/);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});
