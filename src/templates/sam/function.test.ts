import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { fn, resourcesOf, samDocument, transform } from './fixtures/sam-documents.js';
import { SamTemplateError } from './sam-template-error.js';
import type { TemplateObject, TemplateValue } from './types.js';

const codeOf = (properties: TemplateObject) => resourcesOf(samDocument({ F: { Type: 'AWS::Serverless::Function', Properties: properties } })).F!.Properties!.Code;
/** A Zip function's properties around the code ones given. */
const zipped = (code: TemplateObject) => ({ Handler: 'app.handler', Runtime: 'nodejs20.x', ...code });

describe('function code (SEMANTICS.md H.1 "Code")', () => {
  const cases: [string, TemplateObject, TemplateValue][] = [
    ['a local CodeUri is resolved against the template directory', { CodeUri: 'src/orders' }, '/project/app/src/orders'],
    ['a parent-relative CodeUri', { CodeUri: '../shared' }, '/project/shared'],
    ['an absolute CodeUri stays', { CodeUri: '/srv/code' }, '/srv/code'],
    ['s3:// → S3 code', { CodeUri: 's3://bucket/path/code.zip' }, { S3Bucket: 'bucket', S3Key: 'path/code.zip' }],
    ['s3:// with versionId', { CodeUri: 's3://b/k.zip?versionId=v3' }, { S3Bucket: 'b', S3Key: 'k.zip', S3ObjectVersion: 'v3' }],
    ['{Bucket, Key, Version}', { CodeUri: { Bucket: 'b', Key: 'k', Version: '2' } }, { S3Bucket: 'b', S3Key: 'k', S3ObjectVersion: '2' }],
    ['InlineCode → ZipFile', { InlineCode: 'exports.handler = async () => 1', Handler: 'index.handler', Runtime: 'nodejs20.x' }, { ZipFile: 'exports.handler = async () => 1' }],
    ['PackageType Image → ImageUri', { PackageType: 'Image', ImageUri: 'repo:tag' }, { ImageUri: 'repo:tag' }],
  ];
  for (const [name, properties, expected] of cases) {
    it(name, () => assert.deepEqual(codeOf(properties.PackageType === 'Image' ? properties : zipped(properties)), expected));
  }

  it('InlineCode wins over CodeUri (a Globals CodeUri with one inline function), as SAM picks it', () => {
    assert.deepEqual(codeOf({ InlineCode: 'x', CodeUri: 'src', Handler: 'a.b', Runtime: 'nodejs20.x' }), { ZipFile: 'x' });
  });

  const zip = { Handler: 'a.b', Runtime: 'nodejs20.x' };
  const errors: [string, TemplateObject, string][] = [
    ["neither InlineCode nor CodeUri (SAM's own text)", zip, "Resource with id [F] is invalid. Only one of 'InlineCode' or 'CodeUri' can be set."],
    ['a CodeUri map without Key', { ...zip, CodeUri: { Bucket: 'b' } }, "Resource with id [F] is invalid. 'CodeUri' requires Bucket and Key properties to be specified."],
    ['a Zip function without Runtime', { CodeUri: 'src', Handler: 'a.b' }, 'Resource with id [F] is invalid. Runtime and Handler needs to be present when PackageType is of type `Zip`'],
    ['a Zip function with ImageUri', { ...zip, CodeUri: 'src', ImageUri: 'r' }, 'Resource with id [F] is invalid. ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`'],
    ['an unknown PackageType', { ...zip, CodeUri: 'src', PackageType: 'Jar' }, "Resource with id [F] is invalid. invalid 'PackageType' : Jar"],
    ['Image without ImageUri', { PackageType: 'Image' }, "Resource with id [F] is invalid. 'ImageUri' must be set."],
    ['Image with Runtime', { PackageType: 'Image', ImageUri: 'r', Runtime: 'nodejs20.x' },
      'Resource with id [F] is invalid. Runtime, Handler, Layers cannot be present when PackageType is of type `Image`'],
  ];
  for (const [name, properties, detail] of errors) {
    it(`refuses ${name}`, () => assert.throws(() => codeOf(properties), (e) => e instanceof SamTemplateError && e.detail === detail));
  }
});

describe('AWS::Lambda::Function properties', () => {
  it('passes Handler/Runtime/Timeout/MemorySize/Environment/ReservedConcurrentExecutions/Layers/FunctionName, no defaults', () => {
    const props = resourcesOf(samDocument({ F: fn({
      Timeout: 30, MemorySize: 512, Environment: { Variables: { T: { Ref: 'Table' } } }, ReservedConcurrentExecutions: 2,
      Layers: [{ Ref: 'L' }], FunctionName: 'orders-fn', Tags: { team: 'a' }, Tracing: 'Active',
    }) })).F!.Properties!;
    assert.deepEqual(props, {
      Code: '/project/app/src', FunctionName: 'orders-fn', Handler: 'app.handler', Runtime: 'nodejs20.x', Timeout: 30, MemorySize: 512,
      Environment: { Variables: { T: { Ref: 'Table' } } }, ReservedConcurrentExecutions: 2, Layers: [{ Ref: 'L' }],
      TracingConfig: { Mode: 'Active' }, Tags: [{ Key: 'lambda:createdBy', Value: 'SAM' }, { Key: 'team', Value: 'a' }],
    });
    const bare = resourcesOf(samDocument({ F: fn() })).F!.Properties!;
    assert.equal(bare.Timeout, undefined);
    assert.equal(bare.MemorySize, undefined);
  });

  it('keeps Condition, DependsOn and Metadata on the function', () => {
    const f = resourcesOf(samDocument({ F: fn({}, { Condition: 'IsProd', DependsOn: ['T'], Metadata: { BuildMethod: 'esbuild' } }) })).F!;
    assert.equal(f.Type, 'AWS::Lambda::Function');
    assert.equal(f.Condition, 'IsProd');
    assert.deepEqual(f.DependsOn, ['T']);
    assert.deepEqual(f.Metadata, { BuildMethod: 'esbuild' });
  });

  it('DeadLetterQueue → DeadLetterConfig.TargetArn; SAM refuses a missing member or another Type', () => {
    const props = resourcesOf(samDocument({ F: fn({ DeadLetterQueue: { Type: 'SQS', TargetArn: { 'Fn::GetAtt': ['Q', 'Arn'] } } }) })).F!.Properties!;
    assert.deepEqual(props.DeadLetterConfig, { TargetArn: { 'Fn::GetAtt': ['Q', 'Arn'] } });
    assert.throws(() => resourcesOf(samDocument({ F: fn({ DeadLetterQueue: { Type: 'Kinesis', TargetArn: 'a' } }) })),
      (e) => e instanceof SamTemplateError && e.detail === "Resource with id [F] is invalid. 'DeadLetterQueue' requires Type of ['SQS', 'SNS']");
    assert.throws(() => resourcesOf(samDocument({ F: fn({ DeadLetterQueue: { Type: 'SQS' } }) })),
      (e) => e instanceof SamTemplateError && e.detail === "Resource with id [F] is invalid. 'DeadLetterQueue' requires Type and TargetArn properties to be specified.");
  });
});

describe('AutoPublishAlias (Version + Alias ids)', () => {
  it('makes FVersion<10 hex of SHA-1 of the code> and FAlias<name>, events target the alias, Ref F.Alias/F.Version rewritten', () => {
    const document = samDocument({ F: fn({ AutoPublishAlias: 'live', Events: { Q: { Type: 'SQS', Properties: { Queue: 'arn:q' } } } }) }, {
      Outputs: { AliasArn: { Value: { Ref: 'F.Alias' } }, Version: { Value: { Ref: 'F.Version' } }, Sub: { Value: { 'Fn::Sub': '${F.Alias}/${!F.Alias}' } } },
    });
    const { document: out } = transform(document);
    const hash = createHash('sha1').update('{"Code":"/project/app/src"}').digest('hex').slice(0, 10);
    const versionId = `FVersion${hash}`;
    const resources = out.Resources!;
    assert.deepEqual(resources[versionId], { Type: 'AWS::Lambda::Version', DeletionPolicy: 'Retain', Properties: { FunctionName: { Ref: 'F' } } });
    assert.deepEqual(resources.FAliaslive, {
      Type: 'AWS::Lambda::Alias',
      Properties: { Name: 'live', FunctionName: { Ref: 'F' }, FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] } },
    });
    assert.deepEqual(resources.FQ!.Properties!.FunctionName, { Ref: 'FAliaslive' });
    assert.deepEqual(out.Outputs, {
      AliasArn: { Value: { Ref: 'FAliaslive' } }, Version: { Value: { Ref: versionId } }, Sub: { Value: { 'Fn::Sub': '${FAliaslive}/${!F.Alias}' } },
    });
  });

  it('a changed code location or environment changes the version id; the same input keeps it', () => {
    const ids = (props: TemplateObject) => Object.keys(resourcesOf(samDocument({ F: fn({ AutoPublishAlias: 'live', ...props }) }))).filter((id) => id.startsWith('FVersion'));
    const a = ids({});
    assert.equal(a.length, 1);
    assert.match(a[0]!, /^FVersion[0-9a-f]{10}$/);
    assert.deepEqual(ids({}), a);
    assert.notDeepEqual(ids({ CodeUri: 'other/' }), a);
    assert.notDeepEqual(ids({ Environment: { Variables: { A: '1' } } }), a);
  });

  it("'-' and '_' in the alias name become D and U in the id", () => {
    assert.ok('FAliasmyDliveUx' in resourcesOf(samDocument({ F: fn({ AutoPublishAlias: 'my-live_x' }) })));
  });

  it('takes a Ref to a parameter from the given values, refuses anything else', () => {
    const document = samDocument({ F: fn({ AutoPublishAlias: { Ref: 'AliasName' } }) });
    assert.ok('FAliasprod' in resourcesOf(document, { AliasName: 'prod' }));
    assert.ok('FAliasdev' in resourcesOf({ ...document, Parameters: { AliasName: { Type: 'String', Default: 'dev' } } }));
    assert.throws(() => resourcesOf(document), SamTemplateError);
    assert.throws(() => resourcesOf(samDocument({ F: fn({ AutoPublishAlias: { 'Fn::Sub': '${AWS::StackName}-live' } }) })),
      (e) => e instanceof SamTemplateError && e.detail === "Resource with id [F] is invalid. 'AutoPublishAlias' must be a string or a Ref to a template parameter");
  });
});

describe('EventInvokeConfig → <F>EventInvokeConfig', () => {
  it('qualifier $LATEST, destinations kept, auto-created OnFailure queue and OnSuccess topic', () => {
    const resources = resourcesOf(samDocument({ F: fn({ EventInvokeConfig: {
      MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 1,
      DestinationConfig: { OnSuccess: { Type: 'SNS' }, OnFailure: { Type: 'SQS' } },
    } }) }));
    assert.deepEqual(resources.FEventInvokeConfig, {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: { Ref: 'F' }, Qualifier: '$LATEST', MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 1,
        DestinationConfig: {
          OnSuccess: { Destination: { Ref: 'FEventInvokeConfigOnSuccessTopic' } },
          OnFailure: { Destination: { 'Fn::GetAtt': ['FEventInvokeConfigOnFailureQueue', 'Arn'] } },
        },
      },
    });
    assert.equal(resources.FEventInvokeConfigOnFailureQueue!.Type, 'AWS::SQS::Queue');
    assert.equal(resources.FEventInvokeConfigOnSuccessTopic!.Type, 'AWS::SNS::Topic');
  });

  it('qualifier is the alias; a given Destination is used as it is; Lambda without Destination is refused', () => {
    const resources = resourcesOf(samDocument({ F: fn({ AutoPublishAlias: 'live', EventInvokeConfig: {
      DestinationConfig: { OnFailure: { Type: 'Lambda', Destination: { 'Fn::GetAtt': ['G', 'Arn'] } } },
    } }) }));
    const props = resources.FEventInvokeConfig!.Properties!;
    assert.equal(props.Qualifier, 'live');
    assert.deepEqual(resources.FEventInvokeConfig!.DependsOn, ['FAliaslive']);
    assert.deepEqual(props.DestinationConfig, { OnFailure: { Destination: { 'Fn::GetAtt': ['G', 'Arn'] } } });
    assert.ok(!('FEventInvokeConfigOnFailureQueue' in resources));
    assert.throws(() => resourcesOf(samDocument({ F: fn({ EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: 'Lambda' } } } }) })),
      (e) => e instanceof SamTemplateError && e.detail === "Resource with id [F] is invalid. Destination is required if Type is not ['SQS', 'SNS']");
    assert.throws(() => resourcesOf(samDocument({ F: fn({ EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: 'Kafka' } } } }) })),
      (e) => e instanceof SamTemplateError
        && e.detail === "Resource with id [F] is invalid. 'Type: Kafka' must be one of ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket']");
  });
});
