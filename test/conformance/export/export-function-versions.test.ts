import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { lambdaClient } from '../../helpers/lambda-client.js';
import { runEddyCli } from '../../helpers/cli.js';
import { makeZip } from '../../helpers/zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const FN = 'arn:aws:lambda:us-east-1:000000000000:function:greet';
const code = (answer: string) => makeZip({ 'index.mjs': `export const handler = async () => \`${answer}:\${process.env.XV ?? '-'}\`;` });

/** What ListVersionsByFunction says of a version that an import must give back (not its time or revision). */
const version = (c: FunctionConfiguration) => [c.Version, c.FunctionArn, c.CodeSha256, c.CodeSize, c.Description, c.Timeout, c.Environment?.Variables];

describe('an export carries published versions (their numbers, gaps included) and aliases, and what names them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-versions-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  let a: LambdaClient;
  let b: LambdaClient;

  before(async () => {
    source = await startTestEddy();
    a = lambdaClient(source.endpoint);
    await a.send(new CreateFunctionCommand({ FunctionName: 'greet', Role: ROLE, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: code('one') }, Publish: true }));
    await a.send(new UpdateFunctionCodeCommand({ FunctionName: 'greet', ZipFile: code('two'), Publish: true }));
    await a.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'greet', Environment: { Variables: { XV: '3' } } }));
    await a.send(new PublishVersionCommand({ FunctionName: 'greet', Description: 'third' }));
    await a.send(new DeleteFunctionCommand({ FunctionName: 'greet', Qualifier: '2' }));
    // Version 4 shares $LATEST's package: its line names it without carrying it again.
    await a.send(new UpdateFunctionCodeCommand({ FunctionName: 'greet', ZipFile: code('four'), Publish: true }));
    await a.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'greet', Timeout: 9 }));
    await a.send(new PublishVersionCommand({ FunctionName: 'greet' }));
    await a.send(new DeleteFunctionCommand({ FunctionName: 'greet', Qualifier: '5' }));
    await a.send(new CreateAliasCommand({ FunctionName: 'greet', Name: 'live', FunctionVersion: '3', Description: 'canary', RoutingConfig: { AdditionalVersionWeights: { '1': 0.25 } } }));
    await a.send(new CreateAliasCommand({ FunctionName: 'greet', Name: 'old', FunctionVersion: '1' }));
    await a.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'greet', Qualifier: 'live', MaximumRetryAttempts: 1 }));
    await a.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'greet', Qualifier: '1', MaximumEventAgeInSeconds: 100 }));
    await source.sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }));
    await a.send(new CreateEventSourceMappingCommand({ FunctionName: 'greet:live', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs', BatchSize: 2, Enabled: false }));
    await a.send(new CreateEventSourceMappingCommand({ FunctionName: `${FN}:4`, EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs', BatchSize: 3, Enabled: false }));
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 1 function, 3 function versions, 2 aliases, 2 event invoke configs, 2 event source mappings to /);
    copy = await startTestEddy({ import: file });
    b = lambdaClient(copy.endpoint);
  });
  after(async () => {
    a?.destroy();
    b?.destroy();
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the versions and aliases after their function and before the mappings, each package once', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    const types = lines.map((l) => l.type);
    assert.ok(types.indexOf('function') < types.indexOf('version') && types.lastIndexOf('alias') < types.indexOf('mapping'), types.join(' '));
    const versions = lines.filter((l) => l.type === 'version');
    assert.deepEqual(versions.map((l) => [l.version, l.publish.Code === undefined]), [['1', false], ['3', false], ['4', true]]);
  });

  it('re-creates the versions with their numbers, code and configuration as published, and they run', async () => {
    const [was, now] = await Promise.all([a, b].map((c) => c.send(new ListVersionsByFunctionCommand({ FunctionName: 'greet' }))));
    assert.deepEqual(now!.Versions!.map(version), was!.Versions!.map(version));
    assert.deepEqual(now!.Versions!.map((v) => v.Version), ['$LATEST', '1', '3', '4']);
    for (const [Qualifier, answer] of [['1', 'one:-'], ['3', 'two:3'], ['4', 'four:3'], ['old', 'one:-']]) {
      const { Payload, FunctionError } = await b.send(new InvokeCommand({ FunctionName: 'greet', Qualifier }));
      assert.equal(FunctionError, undefined);
      assert.equal(JSON.parse(Buffer.from(Payload!).toString()), answer, `version ${Qualifier}`);
    }
  });

  it('keeps the number the next PublishVersion gives (5 was deleted: 6)', async () => {
    await b.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'greet', Timeout: 10 }));
    const published = await b.send(new PublishVersionCommand({ FunctionName: 'greet' }));
    assert.equal(published.Version, '6');
  });

  it('re-creates the aliases with their routing config', async () => {
    const live = await b.send(new GetAliasCommand({ FunctionName: 'greet', Name: 'live' }));
    assert.deepEqual([live.FunctionVersion, live.Description, live.RoutingConfig?.AdditionalVersionWeights], ['3', 'canary', { '1': 0.25 }]);
    const old = await b.send(new GetAliasCommand({ FunctionName: 'greet', Name: 'old' }));
    assert.equal(old.FunctionVersion, '1');
  });

  it('puts the event invoke configs of an alias and of a version, and makes the mappings that name them', async () => {
    const live = await b.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'greet', Qualifier: 'live' }));
    assert.deepEqual([live.FunctionArn, live.MaximumRetryAttempts], [`${FN}:live`, 1]);
    const one = await b.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'greet', Qualifier: '1' }));
    assert.deepEqual([one.FunctionArn, one.MaximumEventAgeInSeconds], [`${FN}:1`, 100]);
    const { EventSourceMappings } = await b.send(new ListEventSourceMappingsCommand({ EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs' }));
    assert.deepEqual(EventSourceMappings!.map((m) => [m.FunctionArn, m.BatchSize, m.State]).sort(), [[`${FN}:4`, 3, 'Disabled'], [`${FN}:live`, 2, 'Disabled']]);
  });
});
