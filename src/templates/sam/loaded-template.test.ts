import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTemplate, resolveTemplate } from '../cloudformation/index.js';
import { transformLoadedTemplate } from './loaded-template.js';
import { SamTemplateError } from './sam-template-error.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('SAM transform on a YAML template read by the CloudFormation reader', () => {
  it('expands the stream-to-bus template: Globals merged, alias from the parameter, ids, source lines', async () => {
    const loaded = await loadTemplate(join(fixtures, 'stream-to-bus.yaml'));
    const { template, notEmulated } = transformLoadedTemplate(loaded, { AliasName: 'live' });
    const resources = template.document.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    assert.equal(template.document.Transform, undefined);
    assert.deepEqual(template.transforms, []);
    assert.deepEqual(notEmulated, []);
    const processor = resources.StreamProcessor!;
    assert.equal(processor.Type, 'AWS::Lambda::Function');
    assert.equal(processor.Properties.Code, join(fixtures, 'src/stream'));
    assert.equal(processor.Properties.Runtime, 'python3.12');
    assert.deepEqual(processor.Properties.Environment, { Variables: { BUS_NAME: { Ref: 'Bus' }, TABLE_NAME: { Ref: 'Table' } } });
    assert.deepEqual(resources.StreamProcessorChanges!.Properties, {
      FunctionName: { Ref: 'StreamProcessorAliaslive' }, EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON', BatchSize: 10,
    });
    assert.deepEqual(resources.OrderCreatedOrderRule!.Properties, {
      EventBusName: { Ref: 'Bus' },
      EventPattern: { detail: { PK: [{ prefix: 'OID#' }], SK: [{ prefix: 'UID#' }] } },
      Targets: [{ Arn: { 'Fn::GetAtt': ['OrderCreated', 'Arn'] }, Id: 'OrderCreatedOrderRuleLambdaTarget', InputPath: '$.detail' }],
    });
    assert.equal(resources.Sessions!.Type, 'AWS::DynamoDB::Table');
    assert.deepEqual((template.document.Outputs as Record<string, unknown>).ProcessorAlias, { Value: { Ref: 'StreamProcessorAliaslive' } });
    // Generated resources are located at the event that made them (line 42: `Changes:`).
    assert.equal(template.sourceMap.locate('/Resources/StreamProcessorChanges/Properties').line, 42);
  });

  it('the transformed template resolves (attributes as SEMANTICS.md H.1 lists them, stand-in values)', async () => {
    const loaded = await loadTemplate(join(fixtures, 'stream-to-bus.yaml'));
    const resolved = resolveTemplate(transformLoadedTemplate(loaded).template, {
      valuesOf: (logicalId) => ({ ref: `ref:${logicalId}`, attributes: { Arn: `arn:${logicalId}`, StreamArn: `stream:${logicalId}`, Version: '1' } }),
    });
    const byId = new Map(resolved.resources.map((r) => [r.logicalId, r]));
    assert.deepEqual(byId.get('StreamProcessorChanges')!.properties, {
      FunctionName: 'ref:StreamProcessorAliaslive', EventSourceArn: 'stream:Table', StartingPosition: 'TRIM_HORIZON', BatchSize: 10,
    });
    assert.equal(byId.get('StreamProcessorChanges')!.location.line, 42);
    assert.deepEqual(resolved.outputs.map((o) => o.value), ['ref:StreamProcessorAliaslive']);
  });

  it('a SAM error names the file, line and path of the event', async () => {
    const loaded = await loadTemplate(join(fixtures, 'bad-event.yaml'));
    assert.throws(() => transformLoadedTemplate(loaded), (error) => {
      assert.ok(error instanceof SamTemplateError);
      assert.equal(error.message, `${join(fixtures, 'bad-event.yaml')}:16:9: Resource with id [Fn] is invalid. Event with id [Changes] is invalid. `
        + 'StartingPosition is required for Kinesis, DynamoDB and MSK. (at /Resources/Fn/Properties/Events/Changes)');
      return true;
    });
  });
});
