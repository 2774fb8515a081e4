import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCdkConfig } from './index.js';
import { assetFunction, assetManifest, BOOTSTRAP, deployment, HANDLER, HASH, stackArtifacts, removeAssemblies, writeAssembly } from './fixtures/assemblies.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/cdk-app', import.meta.url));
const ASSET = join(EXAMPLE, 'cdk.out', 'asset.56fa4147bcf0ba34489e1edbddbbd57c64ed4d61a36997f18fbab7a2ffab06e9');
const options = (dir: string) => ({ deployment, inlineCodeDir: join(dir, 'inline') });

after(removeAssemblies);

describe('readCdkConfig: the example cdk.out (examples/cdk-app)', () => {
  it('maps the table, queue, functions on their asset directory and both event sources; CDK metadata, bootstrap parameter and rule pass quietly', async () => {
    // The project directory is enough: its cdk.out is found.
    const mapped = await readCdkConfig(EXAMPLE, options('/tmp/eddy-cdk-example'));
    assert.deepEqual(mapped.config, {
      tables: { OrdersTable315BB997: { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' }, stream: 'NEW_IMAGE' } },
      queues: { ReceiptsQueue6E0A4E5F: { visibilityTimeout: 30 } },
      functions: {
        OrderStreamHandler1D9D4E2F: {
          handler: 'index.js#onOrder',
          runtime: 'nodejs20.x',
          codeDir: ASSET,
          timeout: 10,
          environment: { QUEUE_URL: 'http://127.0.0.1:4566/000000000000/ReceiptsQueue6E0A4E5F' },
          events: [{
            stream: {
              table: 'OrdersTable315BB997', startingPosition: 'TRIM_HORIZON', batchSize: 100,
              filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'ORDER#' }] } } } }],
            },
          }],
        },
        OrderReceiptHandlerC4E0B5A2: {
          handler: 'index.js#onReceipt',
          runtime: 'nodejs20.x',
          codeDir: ASSET,
          timeout: 10,
          environment: { TABLE_NAME: 'OrdersTable315BB997' },
          events: [{ queue: { name: 'ReceiptsQueue6E0A4E5F', batchSize: 10 } }],
        },
      },
    });
    assert.deepEqual(mapped.notEmulated.map((r) => r.type), ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::Policy']);
    assert.deepEqual(mapped.notices, []);
    assert.deepEqual(mapped.outputs.map((o) => [o.name, o.value]), [
      ['OrdersStack.OrdersTableName', 'OrdersTable315BB997'],
      ['OrdersStack.ReceiptsQueueUrl', 'http://127.0.0.1:4566/000000000000/ReceiptsQueue6E0A4E5F'],
    ]);
    assert.deepEqual(mapped.stacks, ['OrdersStack']);
    assert.deepEqual(mapped.files, ['manifest.json', 'OrdersStack.assets.json', 'OrdersStack.template.json'].map((f) => join(EXAMPLE, 'cdk.out', f)));
    assert.equal(mapped.provisional, true, 'the stream ARN was given before the table existed');
  });
});

describe('readCdkConfig: assets', () => {
  const template = (fn: Record<string, unknown>) => ({ Resources: { Handler886CB40B: fn }, ...BOOTSTRAP });

  it('an S3Key naming an asset object key is enough (no aws:asset metadata); S3 code that is no asset is left to the function mapping', async () => {
    const dir = writeAssembly({
      'manifest.json': { version: '48.0.0', artifacts: stackArtifacts('App') },
      'App.assets.json': assetManifest(HASH),
      'App.template.json': template(assetFunction(HASH, 'index.handler', { metadata: false })),
      [`asset.${HASH}/index.js`]: HANDLER,
    });
    const mapped = await readCdkConfig(dir, options(dir));
    assert.deepEqual(mapped.config.functions, { Handler886CB40B: { handler: 'index.js#handler', runtime: 'nodejs20.x', codeDir: join(dir, `asset.${HASH}`) } });

    const other = writeAssembly({
      'manifest.json': { version: '48.0.0', artifacts: stackArtifacts('App') },
      'App.assets.json': assetManifest(HASH),
      'App.template.json': template({ Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: 'my-builds', S3Key: 'fn.zip' }, Handler: 'index.handler', Runtime: 'nodejs20.x' } }),
    });
    await assert.rejects(readCdkConfig(other, options(other)), /Resource Handler886CB40B \(AWS::Lambda::Function\): .*s3:\/\/my-builds\/fn\.zip/);
  });

  it('a legacy-synthesized stack: its asset parameters are given from the manifest metadata (no "must have values")', async () => {
    const bucket = `AssetParameters${HASH}S3Bucket5B5A5D5E`;
    const key = `AssetParameters${HASH}S3VersionKey1A2B3C4D`;
    const hashParameter = `AssetParameters${HASH}ArtifactHash9F8E7D6C`;
    const dir = writeAssembly({
      'manifest.json': {
        version: '17.0.0',
        artifacts: {
          Legacy: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://unknown-account/unknown-region',
            properties: { templateFile: 'Legacy.template.json' },
            metadata: {
              '/Legacy': [{ type: 'aws:cdk:asset', data: { path: `asset.${HASH}`, id: HASH, packaging: 'zip', sourceHash: HASH, s3BucketParameter: bucket, s3KeyParameter: key, artifactHashParameter: hashParameter } }],
            },
          },
        },
      },
      'Legacy.template.json': {
        Resources: {
          Fn9270CBC0: {
            Type: 'AWS::Lambda::Function',
            Properties: {
              Code: {
                S3Bucket: { Ref: bucket },
                S3Key: { 'Fn::Join': ['', [{ 'Fn::Select': [0, { 'Fn::Split': ['||', { Ref: key }] }] }, { 'Fn::Select': [1, { 'Fn::Split': ['||', { Ref: key }] }] }]] },
              },
              Handler: 'index.handler',
              Runtime: 'nodejs20.x',
              Environment: { Variables: { BUILD: { Ref: hashParameter } } },
            },
            Metadata: { 'aws:asset:path': `asset.${HASH}`, 'aws:asset:property': 'Code' },
          },
        },
        Parameters: {
          [bucket]: { Type: 'String', Description: `S3 bucket for asset "${HASH}"` },
          [key]: { Type: 'String', Description: `S3 key for asset version "${HASH}"` },
          [hashParameter]: { Type: 'String', Description: `Artifact hash for asset "${HASH}"` },
        },
      },
      [`asset.${HASH}/index.js`]: HANDLER,
    });
    const mapped = await readCdkConfig(dir, options(dir));
    assert.deepEqual(mapped.config.functions, { Fn9270CBC0: { handler: 'index.js#handler', runtime: 'nodejs20.x', codeDir: join(dir, `asset.${HASH}`), environment: { BUILD: HASH } } });
  });
});

describe('readCdkConfig: several stacks', () => {
  const STREAM_EXPORT = 'DataStack:ExportsOutputFnGetAttOrdersTable315BB997StreamArn8D2A6F1B';
  const NAME_EXPORT = 'DataStack:ExportsOutputRefOrdersTable315BB99795A1C0E4';
  const data = {
    Resources: {
      OrdersTable315BB997: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sI' } },
    },
    Outputs: {
      ExportsOutputFnGetAttOrdersTable315BB997StreamArn8D2A6F1B: { Value: { 'Fn::GetAtt': ['OrdersTable315BB997', 'StreamArn'] }, Export: { Name: STREAM_EXPORT } },
      ExportsOutputRefOrdersTable315BB99795A1C0E4: { Value: { Ref: 'OrdersTable315BB997' }, Export: { Name: NAME_EXPORT } },
    },
    ...BOOTSTRAP,
  };
  const service = {
    Resources: {
      Indexer5F3E9A1C: assetFunction(HASH, 'index.handler', { environment: { TABLE_NAME: { 'Fn::ImportValue': NAME_EXPORT } } }),
      IndexerDynamoDBEventSourceDataStackOrdersTable2B1C3D4E: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { EventSourceArn: { 'Fn::ImportValue': STREAM_EXPORT }, FunctionName: { Ref: 'Indexer5F3E9A1C' }, StartingPosition: 'LATEST', BatchSize: 100 },
      },
      CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sI' } },
    },
    ...BOOTSTRAP,
  };
  const app = () => writeAssembly({
    // The service stack comes first in the manifest but depends on the data stack.
    'manifest.json': { version: '48.0.0', artifacts: { ...stackArtifacts('ServiceStack', { dependencies: ['DataStack'], stackName: 'orders-service' }), ...stackArtifacts('DataStack') } },
    'ServiceStack.assets.json': assetManifest(HASH),
    'DataStack.assets.json': assetManifest(),
    'ServiceStack.template.json': service,
    'DataStack.template.json': data,
    [`asset.${HASH}/index.js`]: HANDLER,
  });

  it('run in dependency order; Fn::ImportValue reads the exports of the stack before; configs merged', async () => {
    const dir = app();
    const mapped = await readCdkConfig(dir, options(dir));
    assert.deepEqual(mapped.stacks, ['DataStack', 'orders-service']);
    assert.deepEqual(Object.keys(mapped.config.tables ?? {}), ['OrdersTable315BB997']);
    assert.deepEqual(mapped.config.functions, {
      Indexer5F3E9A1C: {
        handler: 'index.js#handler', runtime: 'nodejs20.x', codeDir: join(dir, `asset.${HASH}`),
        environment: { TABLE_NAME: 'OrdersTable315BB997' },
        events: [{ stream: { table: 'OrdersTable315BB997', startingPosition: 'LATEST', batchSize: 100 } }],
      },
    });
    assert.deepEqual(mapped.notEmulated, [], 'AWS::CDK::Metadata is left out quietly');
    assert.deepEqual(mapped.outputs.map((o) => o.name), [
      'DataStack.ExportsOutputFnGetAttOrdersTable315BB997StreamArn8D2A6F1B',
      'DataStack.ExportsOutputRefOrdersTable315BB99795A1C0E4',
    ]);
    assert.deepEqual(mapped.files.map((f) => f.slice(dir.length + 1)), [
      'manifest.json', 'ServiceStack.assets.json', 'DataStack.assets.json', 'DataStack.template.json', 'ServiceStack.template.json',
    ]);
  });

  it('stacks chosen by id, stack name or display name bring the stacks they depend on', async () => {
    const dir = app();
    assert.deepEqual((await readCdkConfig(dir, { ...options(dir), stacks: ['orders-service'] })).stacks, ['DataStack', 'orders-service']);
    assert.deepEqual((await readCdkConfig(dir, { ...options(dir), stacks: ['DataStack'] })).stacks, ['DataStack']);
    await assert.rejects(readCdkConfig(dir, { ...options(dir), stacks: ['Nope'] }), {
      message: `${join(dir, 'manifest.json')}:1:1: No stack Nope in the CDK app (its stacks: ServiceStack, DataStack) (at /artifacts)`,
    });
  });

  it('parameters: Name=value for every stack declaring it, Stack:Name=value for one', async () => {
    const withStage = (template: Record<string, unknown>) => ({
      ...template,
      Parameters: { ...BOOTSTRAP.Parameters, Stage: { Type: 'String', Default: 'dev' } },
      Outputs: { ...(template['Outputs'] as object), Stage: { Value: { Ref: 'Stage' } } },
    });
    const dir = writeAssembly({
      'manifest.json': { version: '48.0.0', artifacts: { ...stackArtifacts('A'), ...stackArtifacts('B') } },
      'A.template.json': withStage({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'a' } } } }),
      'B.template.json': withStage({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'b' } } } }),
    });
    const stages = async (parameters: Record<string, string>) =>
      (await readCdkConfig(dir, { ...options(dir), parameters })).outputs.filter((o) => o.name.endsWith('.Stage')).map((o) => `${o.name}=${o.value}`);
    assert.deepEqual(await stages({}), ['A.Stage=dev', 'B.Stage=dev']);
    assert.deepEqual(await stages({ Stage: 'prod' }), ['A.Stage=prod', 'B.Stage=prod']);
    assert.deepEqual(await stages({ 'B:Stage': 'test' }), ['A.Stage=dev', 'B.Stage=test']);
    // CDK's bootstrap version can be given too; it changes nothing.
    assert.deepEqual(await stages({ BootstrapVersion: '21' }), ['A.Stage=dev', 'B.Stage=dev']);
    await assert.rejects(readCdkConfig(dir, { ...options(dir), parameters: { Nope: '1', 'C:Stage': 'x' } }), {
      message: `${join(dir, 'manifest.json')}:3:2: Parameters: [Nope, C:Stage] do not exist in any stack of the CDK app (A, B) (at /artifacts)`,
    });
  });

  it('a Stage\'s stacks (a nested cloud assembly) are read too, named Stage/Stack', async () => {
    const dir = writeAssembly({
      'manifest.json': { version: '48.0.0', artifacts: { 'assembly-Prod': { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Prod', displayName: 'Prod' } } } },
      'assembly-Prod/manifest.json': {
        version: '48.0.0',
        artifacts: {
          ProdQueuesA1B2C3D4: { type: 'aws:cloudformation:stack', properties: { templateFile: 'ProdQueuesA1B2C3D4.template.json', stackName: 'Prod-Queues' }, displayName: 'Prod/Queues' },
        },
      },
      'assembly-Prod/ProdQueuesA1B2C3D4.template.json': { Resources: { Jobs: { Type: 'AWS::SQS::Queue' } }, ...BOOTSTRAP },
    });
    const mapped = await readCdkConfig(dir, { ...options(dir), stacks: ['Prod/Queues'] });
    assert.deepEqual(mapped.stacks, ['Prod-Queues']);
    assert.deepEqual(mapped.config.queues, { Jobs: {} });
    assert.deepEqual((await readCdkConfig(dir, { ...options(dir), stacks: ['Prod/*'] })).stacks, ['Prod-Queues']);
    await assert.rejects(readCdkConfig(dir, { ...options(dir), stacks: ['Dev/*'] }), /No stack Dev\/\* in the CDK app \(its stacks: Prod\/Queues\)/);
  });

  it("a CDK project's directory is enough: its cdk.out, or the output directory its cdk.json names", async () => {
    const dir = writeAssembly({
      'cdk.json': { app: 'npx ts-node bin/app.ts', output: 'build/cdk.out' },
      'build/cdk.out/manifest.json': { version: '48.0.0', artifacts: stackArtifacts('App') },
      'build/cdk.out/App.template.json': { Resources: { Jobs: { Type: 'AWS::SQS::Queue' } }, ...BOOTSTRAP },
    });
    const mapped = await readCdkConfig(dir, options(dir));
    assert.deepEqual(mapped.config.queues, { Jobs: {} });
    assert.equal(mapped.files[0], join(dir, 'build', 'cdk.out', 'manifest.json'));
  });

  it('a nested stack is a notice; a stack synthesized for another account or region says how it runs', async () => {
    const dir = writeAssembly({
      'manifest.json': { version: '48.0.0', artifacts: stackArtifacts('App', { environment: 'aws://123456789012/eu-west-1' }) },
      'App.template.json': { Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/b/child.json' } } }, ...BOOTSTRAP },
    });
    const mapped = await readCdkConfig(dir, options(dir));
    assert.deepEqual(mapped.notEmulated, [{ logicalId: 'Child', type: 'AWS::CloudFormation::Stack' }]);
    assert.deepEqual(mapped.notices, [
      'Nested stack Child of stack App is not run: Eddy runs the stacks manifest.json lists, not nested stacks',
      'Stack App is synthesized for aws://123456789012/eu-west-1; Eddy runs it as account 000000000000 in us-east-1 (ARNs written out in the template keep the account and region they name)',
    ]);
  });
});
