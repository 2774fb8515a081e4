import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/cli.js';

const run = promisify(execFile);

// What a user's own test suite does: plain Node (no TypeScript loader) importing Eddy by package name,
// which resolves to the dist/ build that `npm install` produces.
it("import { startEddy } from 'eddy' starts an in-memory Eddy on a free port", async () => {
  const script = `
    import { startEddy } from 'eddy';
    const eddy = await startEddy({ log: false });
    const res = await fetch(eddy.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20260101T000000Z', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    console.log(JSON.stringify({ endpoint: eddy.endpoint, status: res.status, body: await res.json(), resolved: import.meta.resolve('eddy') }));
    await eddy.stop();
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });
  const out = JSON.parse(stdout);
  assert.match(out.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(out.status, 200);
  assert.deepEqual(out.body, { TableNames: [] });
  assert.match(out.resolved, /\/dist\/index\.js$/);
});
