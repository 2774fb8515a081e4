import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';

/** The wire fuzz's Eddy: `echo` (a Node handler) and `plain` (a provided runtime answering plain text). */
const config = fileURLToPath(new URL('../../fuzz/fixtures/eddy.config.ts', import.meta.url));

// What the wire fuzz found in the console's admin routes, each pinned: a function answering text that is not
// JSON, an event larger than Lambda takes, an asset name longer than the file system takes.
describe('console admin routes at their edges', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ config });
  });
  after(() => eddy.stop());

  const post = (path: string, body: string) => fetch(new URL(path, eddy.endpoint), { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('invoke shows an answer that is not JSON as the text it is', async () => {
    const res = await post('/_eddy/functions/invoke', JSON.stringify({ function: 'plain', payload: { a: 1 } }));
    assert.equal(res.status, 200);
    const body = (await res.json()) as { payload: unknown; functionError?: string };
    assert.equal(body.payload, 'plain text, not JSON: 7 bytes');
    assert.equal(body.functionError, undefined);
  });

  it("invoke refuses an event over Lambda's 6 MB as Invoke does (413 RequestTooLargeException), and invokes one just under it", async () => {
    const over = await post('/_eddy/functions/invoke', JSON.stringify({ function: 'plain', payload: 'x'.repeat(6 * 1024 * 1024) }));
    assert.equal(over.status, 413);
    assert.deepEqual(await over.json(), { type: 'RequestTooLargeException', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });
    const under = await post('/_eddy/functions/invoke', JSON.stringify({ function: 'plain', payload: 'x'.repeat(6 * 1024 * 1024 - 2) }));
    assert.equal(under.status, 200);
    assert.equal(((await under.json()) as { payload: unknown }).payload, 'plain text, not JSON: 6291456 bytes');
  });

  it('a console asset name too long for the file system is a 404, and the console still serves', async () => {
    const res = await fetch(new URL(`/_eddy/console/${'a'.repeat(300)}.js`, eddy.endpoint));
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { type: string }).type, 'ResourceNotFoundException');
    assert.equal((await fetch(new URL('/_eddy/console', eddy.endpoint))).status, 200);
  });
});
