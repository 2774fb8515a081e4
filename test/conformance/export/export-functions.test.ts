import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli } from '../../helpers/cli.js';
import { makeZip } from '../../helpers/zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** What GetFunctionConfiguration says that an import must give back (not ids, times or state). */
const settings = (c: FunctionConfiguration) => ({
  Runtime: c.Runtime,
  Handler: c.Handler,
  Role: c.Role,
  Description: c.Description,
  Timeout: c.Timeout,
  MemorySize: c.MemorySize,
  Environment: c.Environment?.Variables,
  CodeSha256: c.CodeSha256,
  DeadLetterConfig: c.DeadLetterConfig,
});

describe('an export carries the functions made through the Lambda API, with their code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-functions-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  let a: LambdaClient;
  let b: LambdaClient;

  before(async () => {
    source = await startTestEddy();
    a = new LambdaClient({ endpoint: source.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    await a.send(
      new CreateFunctionCommand({
        FunctionName: 'greet',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Description: 'says hello',
        Timeout: 7,
        MemorySize: 256,
        Environment: { Variables: { GREETING: 'hello' } },
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:greet-dlq' },
        Tags: { team: 'web' },
        Code: { ZipFile: makeZip({ 'index.mjs': 'export const handler = async (event) => `${process.env.GREETING} ${event.name}`;' }) },
      }),
    );
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 1 function to /);
    copy = await startTestEddy({ import: file });
    b = new LambdaClient({ endpoint: copy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    a?.destroy();
    b?.destroy();
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the function as its CreateFunction request with the package as base64', () => {
    const line = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text)).find((l) => l.type === 'function');
    assert.equal(line.name, 'greet');
    assert.match(line.create.Code.ZipFile, /^[A-Za-z0-9+/]+=*$/);
  });

  it('re-creates it with the same settings, tags and code, and it runs', async () => {
    const [was, now] = await Promise.all([a, b].map((c) => c.send(new GetFunctionConfigurationCommand({ FunctionName: 'greet' }))));
    assert.deepEqual(settings(now!), settings(was!));
    const { Tags } = await b.send(new ListTagsCommand({ Resource: now!.FunctionArn! }));
    assert.deepEqual(Tags, { team: 'web' });
    const answer = await b.send(new InvokeCommand({ FunctionName: 'greet', Payload: JSON.stringify({ name: 'Ann' }) }));
    assert.equal(answer.FunctionError, undefined);
    assert.equal(JSON.parse(Buffer.from(answer.Payload!).toString()), 'hello Ann');
  });
});
