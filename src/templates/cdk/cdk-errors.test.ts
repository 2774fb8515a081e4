import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TemplateError } from '../cloudformation/index.js';
import { readCdkConfig } from './index.js';
import { assetFunction, assetManifest, BOOTSTRAP, deployment, HANDLER, HASH, jsonText, lineOf, stackArtifacts, removeAssemblies, writeAssembly } from './fixtures/assemblies.js';

const options = (dir: string) => ({ deployment, inlineCodeDir: join(dir, 'inline') });

after(removeAssemblies);

/** Reads the assembly and returns the TemplateError it must fail with. */
async function failure(dir: string, extra: { stacks?: string[] } = {}): Promise<TemplateError> {
  const error = await readCdkConfig(dir, { ...options(dir), ...extra }).then(() => assert.fail('expected a TemplateError'), (e: unknown) => e);
  assert.ok(error instanceof TemplateError, String(error));
  return error;
}

const manifest = (artifacts: Record<string, unknown>) => ({ version: '48.0.0', artifacts });

describe('readCdkConfig: errors name the file and line', () => {
  it('no manifest.json: say to run cdk synth', async () => {
    const dir = writeAssembly({ 'README.md': 'not a cdk.out' });
    const error = await failure(dir);
    assert.equal(error.message, `${join(dir, 'manifest.json')}:1:1: No CDK cloud assembly at ${dir}: manifest.json is missing (run \`cdk synth\` first, and name its output directory, cdk.out)`);
  });

  it('manifest.json that is not JSON, or lists no stack', async () => {
    const bad = writeAssembly({ 'manifest.json': '{\n  "version": "48.0.0",\n  "artifacts": {,\n}' });
    assert.match((await failure(bad)).message, new RegExp(`^${join(bad, 'manifest.json')}:3:\\d+: The CDK manifest is not valid JSON: JSON not well-formed\\.`));
    const empty = writeAssembly({ 'manifest.json': manifest({ Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } } }) });
    assert.equal((await failure(empty)).message, `${join(empty, 'manifest.json')}:1:1: The CDK app has no stacks: manifest.json lists no aws:cloudformation:stack artifact (at /artifacts)`);
  });

  it('a stack whose template file is missing: at the manifest line naming it', async () => {
    const files = { 'manifest.json': manifest(stackArtifacts('App')) };
    const dir = writeAssembly(files);
    const line = lineOf(jsonText(files['manifest.json']), '"templateFile"');
    assert.equal((await failure(dir)).message, `${join(dir, 'manifest.json')}:${line}:5: Stack App: its template App.template.json is missing from ${dir} (run \`cdk synth\` again) (at /artifacts/App/properties/templateFile)`);
  });

  it('a function whose asset directory is missing, or whose asset is a file: at the Code line', async () => {
    const template = { Resources: { Handler886CB40B: assetFunction(HASH, 'index.handler') }, ...BOOTSTRAP };
    const line = lineOf(jsonText(template), '"Code"');
    const missing = writeAssembly({ 'manifest.json': manifest(stackArtifacts('App')), 'App.assets.json': assetManifest(HASH), 'App.template.json': template });
    assert.equal(
      (await failure(missing)).message,
      `${join(missing, 'App.template.json')}:${line}:5: Resource Handler886CB40B (AWS::Lambda::Function): its code asset asset.${HASH} is missing from ${missing} (run \`cdk synth\` again) (at /Resources/Handler886CB40B/Properties/Code)`,
    );
    const file = writeAssembly({ 'manifest.json': manifest(stackArtifacts('App')), 'App.template.json': template, [`asset.${HASH}`]: 'PK…zip bytes' });
    assert.equal(
      (await failure(file)).message,
      `${join(file, 'App.template.json')}:${line}:5: Resource Handler886CB40B (AWS::Lambda::Function): its code asset asset.${HASH} is a file (a zip or jar), not a directory: Eddy runs a function's code from a directory, so give the function Code.fromAsset('<directory>') (at /Resources/Handler886CB40B/Properties/Code)`,
    );
  });

  it('an ImportValue no earlier stack exports: at its line', async () => {
    const template = { Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::ImportValue': 'Other:QueueName' } } } }, ...BOOTSTRAP };
    const dir = writeAssembly({ 'manifest.json': manifest(stackArtifacts('App')), 'App.template.json': template });
    const line = lineOf(jsonText(template), '"Fn::ImportValue"');
    assert.equal((await failure(dir)).message, `${join(dir, 'App.template.json')}:${line}:6: No export named Other:QueueName found (at /Resources/Q/Properties/QueueName/Fn::ImportValue)`);
  });

  it('the same name in two stacks, and an export name taken twice', async () => {
    const a = { Resources: { Jobs: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } } }, ...BOOTSTRAP };
    const b = { Resources: { Other: { Type: 'AWS::SQS::Queue' }, JobsQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } } }, ...BOOTSTRAP };
    const dir = writeAssembly({ 'manifest.json': manifest({ ...stackArtifacts('A'), ...stackArtifacts('B', { dependencies: ['A'] }) }), 'A.template.json': a, 'B.template.json': b });
    assert.equal(
      (await failure(dir)).message,
      `${join(dir, 'B.template.json')}:${lineOf(jsonText(b), '"JobsQueue"')}:3: Stack B defines the queue jobs, which stack A defines too: Eddy runs one account and region, where a name is one resource; give one of them another name (at /Resources/JobsQueue)`,
    );

    const exporting = (queue: string) => ({
      Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: queue } } },
      Outputs: { Url: { Value: { Ref: 'Q' }, Export: { Name: 'shared-queue' } } },
    });
    const twice = writeAssembly({
      'manifest.json': manifest({ ...stackArtifacts('A'), ...stackArtifacts('B', { dependencies: ['A'] }) }),
      'A.template.json': exporting('a'),
      'B.template.json': exporting('b'),
    });
    assert.equal(
      (await failure(twice)).message,
      `${join(twice, 'B.template.json')}:${lineOf(jsonText(exporting('b')), '"Url"')}:3: Export with name shared-queue is already exported by stack A (at /Outputs/Url/Export/Name)`,
    );
  });

  it('stacks depending on each other in a cycle', async () => {
    const files = {
      'manifest.json': manifest({ ...stackArtifacts('A', { dependencies: ['B'] }), ...stackArtifacts('B', { dependencies: ['A'] }) }),
      'A.template.json': { Resources: { Q: { Type: 'AWS::SQS::Queue' } } },
      'B.template.json': { Resources: { R: { Type: 'AWS::SQS::Queue' } } },
    };
    const dir = writeAssembly(files);
    assert.equal((await failure(dir)).message, `${join(dir, 'manifest.json')}:${lineOf(jsonText(files['manifest.json']), '"A": {')}:3: Stacks depend on each other in a cycle: A → B → A (at /artifacts/A)`);
  });

  it('a template error inside a stack keeps the template\'s own file and line', async () => {
    const template = { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { ZipFile: HANDLER }, Handler: 'index.handler', Runtime: 'java21' } } }, ...BOOTSTRAP };
    const dir = writeAssembly({ 'manifest.json': manifest(stackArtifacts('App')), 'App.template.json': template });
    const error = await failure(dir);
    assert.equal(error.location.file, join(dir, 'App.template.json'));
    assert.equal(error.location.line, lineOf(jsonText(template), '"Runtime"'));
    assert.match(error.detail, /^Resource Fn \(AWS::Lambda::Function\): runtime java21 is not run by Eddy/);
  });
});
