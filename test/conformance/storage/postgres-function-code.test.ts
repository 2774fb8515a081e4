import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import { sharedPostgresCluster, testEngines } from '../../helpers/postgres-cluster.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { makeZip } from '../../helpers/zip.js';

// Several Eddy nodes on one PostgreSQL database, each with code directories of its own (in memory: a
// scratch directory per node, removed when it stops): a function one node's Lambda API was given runs
// on another node, from the database.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
// The handler answers its label and where its module was loaded from: which node's copy ran.
const zip = (label: string) =>
  makeZip({ 'index.mjs': `export const handler = async () => ({ label: ${JSON.stringify(label)}, module: import.meta.url });` });
const payload = (out: InvokeCommandOutput): { label: string; module: string } => JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8'));
const lambdaOf = (eddy: TestEddy) => new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });

/** The directory GetFunction says a node runs the function's code from. */
async function location(lambda: LambdaClient, name: string): Promise<string> {
  const url = (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Code?.Location;
  if (url === undefined || !url.startsWith('file:')) assert.fail(`a file URL, got ${url}`);
  return fileURLToPath(url);
}

describe('storage: PostgreSQL, Lambda API function code across nodes', { skip }, () => {
  const cluster = sharedPostgresCluster();
  const running: TestEddy[] = [];
  const clients: LambdaClient[] = [];
  after(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const eddy of running.splice(0)) await eddy.stop();
  });
  const start = async (url: string) => {
    const eddy = await startTestEddy({ storage: url });
    running.push(eddy);
    const lambda = lambdaOf(eddy);
    clients.push(lambda);
    return { eddy, lambda };
  };

  it('a function created and updated with a zip on node A runs on node B from its own copy, and on a node started after A stopped', async () => {
    const url = await (await cluster()).createDatabase();
    const a = await start(url);
    const b = await start(url);

    await a.lambda.send(new CreateFunctionCommand({ FunctionName: 'across', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: zip('one') } }));
    const onB = payload(await b.lambda.send(new InvokeCommand({ FunctionName: 'across' })));
    assert.equal(onB.label, 'one');
    const dirOnA = await location(a.lambda, 'across');
    const dirOnB = await location(b.lambda, 'across');
    assert.notEqual(dirOnB, dirOnA, 'each node has a copy of its own');
    assert.equal(fileURLToPath(onB.module).startsWith(`${dirOnB}/`), true, `node B ran ${onB.module}, not its copy in ${dirOnB}`);

    const updated = await a.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'across', ZipFile: zip('two'), Publish: true }));
    assert.equal(updated.Version, '1');
    const latestOnB = payload(await b.lambda.send(new InvokeCommand({ FunctionName: 'across' })));
    assert.equal(latestOnB.label, 'two');
    const newDirOnB = await location(b.lambda, 'across');
    assert.notEqual(newDirOnB, dirOnB, 'a new package is a new directory (named by its CodeSha256)');
    assert.equal(fileURLToPath(latestOnB.module).startsWith(`${newDirOnB}/`), true, `node B ran ${latestOnB.module}, not its copy in ${newDirOnB}`);
    assert.equal(payload(await b.lambda.send(new InvokeCommand({ FunctionName: 'across', Qualifier: '1' }))).label, 'two');

    // Node A stops, and its scratch directory goes with it: the code is in the database only (and on B).
    await a.eddy.stop();
    running.splice(running.indexOf(a.eddy), 1);
    assert.equal(existsSync(dirOnA), false);
    const c = await start(url);
    assert.equal(payload(await c.lambda.send(new InvokeCommand({ FunctionName: 'across' }))).label, 'two');
    assert.equal(payload(await c.lambda.send(new InvokeCommand({ FunctionName: 'across', Qualifier: '1' }))).label, 'two');
  });
});
