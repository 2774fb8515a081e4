import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { send } from '../../helpers/browser-request.js';
import { sharedPostgresCluster, testEngines } from '../../helpers/postgres-cluster.js';

const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

// A console behind a load balancer reaches whichever node answers: its session must be stored, not kept
// by the node that signed it in, and a sign-out on one node must end it on the others.
describe('console sessions on two nodes sharing one PostgreSQL database', { skip }, () => {
  const nodes: TestEddy[] = [];
  after(async () => {
    for (const node of nodes.splice(0)) await node.stop();
  });
  const cluster = sharedPostgresCluster(); // its after() is registered second: it stops once the nodes have

  it('a session signed in on one node is taken by the other, and a sign-out on the other ends it on both', async () => {
    const storage = await (await cluster()).createDatabase({ migrated: true });
    nodes.push(...(await Promise.all([1, 2].map(() => startTestEddy({ storage, auth: { credentials: [testCredentials] } })))));
    const [a, b] = nodes as [TestEddy, TestEddy];
    const signIn = await send(a.endpoint, 'POST', '/_eddy/session', {}, JSON.stringify(testCredentials));
    assert.equal(signIn.status, 200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    assert.equal((await send(b.endpoint, 'GET', '/_eddy/mappings', { cookie })).status, 200);
    assert.equal((await send(b.endpoint, 'DELETE', '/_eddy/session', { cookie })).status, 200);
    for (const node of [a, b]) assert.equal((await send(node.endpoint, 'GET', '/_eddy/mappings', { cookie })).body.type, 'MissingAuthenticationTokenException');
  });
});
