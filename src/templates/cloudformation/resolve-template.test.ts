import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readTemplate } from './read-template.js';
import { resolveTemplate, type ValuesOf } from './resolve-template.js';
import { loadTemplate } from './template-source.js';
import { TemplateError } from './template-error.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const pseudo = { region: 'eu-west-1', accountId: '111122223333', stackName: 'shop' };

/** What Eddy will answer: names from the resolved properties, ARNs from the pseudo parameters. */
const eddyValues: ValuesOf = (logicalId, type, properties, p) => {
  const arn = (service: string, resource: string) => `arn:${p.partition}:${service}:${p.region}:${p.accountId}:${resource}`;
  switch (type) {
    case 'AWS::DynamoDB::Table': {
      const name = String(properties['TableName'] ?? logicalId);
      const attributes: Record<string, unknown> = { Arn: arn('dynamodb', `table/${name}`) };
      if (properties['StreamSpecification']) attributes['StreamArn'] = arn('dynamodb', `table/${name}/stream/1970-01-01T00:00:00.000`);
      return { ref: name, attributes };
    }
    case 'AWS::SQS::Queue': {
      const name = String(properties['QueueName'] ?? logicalId);
      return { ref: `https://sqs.${p.region}.${p.urlSuffix}/${p.accountId}/${name}`, attributes: { Arn: arn('sqs', name), QueueName: name } };
    }
    case 'AWS::Events::EventBus':
      return { ref: String(properties['Name']), attributes: { Arn: arn('events', `event-bus/${String(properties['Name'])}`), Name: properties['Name'] } };
    default:
      return { ref: logicalId, attributes: { Arn: arn('lambda', `function:${logicalId}`) } };
  }
};

async function fails(text: string, detail: string, line: number, path?: string): Promise<TemplateError> {
  const error = await readTemplate({ text, file: 'template.yaml' }, { pseudo, valuesOf: eddyValues }).then(() => assert.fail('expected a TemplateError'), (e: unknown) => e);
  assert.ok(error instanceof TemplateError, String(error));
  assert.equal(error.detail, detail);
  assert.equal(error.location.line, line, error.message);
  if (path !== undefined) assert.equal(error.path, path);
  return error;
}

describe('resolveTemplate: the orders fixture', () => {
  it('resolves every resource in dependency order with values from valuesOf, and the outputs', async () => {
    for (const file of ['orders.yaml', 'orders.json']) {
      const result = await readTemplate(fixture(file), { pseudo, valuesOf: eddyValues });
      assert.deepEqual(result.resources.map((r) => r.logicalId), ['OrdersTable', 'OrdersQueue', 'OrdersBus', 'Processor']);
      assert.deepEqual(result.skipped, ['Archive']);
      const byId = Object.fromEntries(result.resources.map((r) => [r.logicalId, r]));
      assert.deepEqual(byId['OrdersTable']!.properties, {
        TableName: 'shop-orders-dev',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
      assert.deepEqual(byId['OrdersQueue']!.properties, { QueueName: 'orders', MessageRetentionPeriod: 60 });
      assert.deepEqual(byId['OrdersBus']!.dependsOn, ['OrdersQueue']);
      assert.deepEqual((byId['Processor']!.properties['Environment'] as any).Variables, {
        TABLE: 'shop-orders-dev',
        STREAM: 'arn:aws:dynamodb:eu-west-1:111122223333:table/shop-orders-dev/stream/1970-01-01T00:00:00.000',
        QUEUE_ARN: 'arn:aws:sqs:eu-west-1:111122223333:orders',
        BUS: 'orders-dev',
        ZONE: 'b',
        ARCHIVE: 'none',
        FIRST: 'x',
        ENCODED: 'aGVsbG8=',
        QUEUE: 'arn:aws:sqs:eu-west-1:111122223333:orders',
        LITERAL: '${NotAVariable}',
      });
      assert.equal(byId['Processor']!.location.line, file === 'orders.yaml' ? 66 : byId['Processor']!.location.line);
      assert.deepEqual(result.outputs.map((o) => [o.name, o.value, o.exportName ?? null, o.description ?? null]), [
        ['TableName', 'shop-orders-dev', 'shop-table', 'the orders table'],
        ['StreamArn', 'arn:aws:dynamodb:eu-west-1:111122223333:table/shop-orders-dev/stream/1970-01-01T00:00:00.000', null, null],
      ]);
      assert.deepEqual(result.parameters.noEcho, ['ApiKey']);
      assert.deepEqual(result.conditions, { IsProd: false, IsDev: true, HasBigBatch: true });
    }
  });

  it('prod: the conditional queue exists and the PITR property appears', async () => {
    const result = await readTemplate(fixture('orders.yaml'), { pseudo, valuesOf: eddyValues, parameters: { Stage: 'prod' } });
    assert.deepEqual(result.skipped, []);
    const table = result.resources.find((r) => r.logicalId === 'OrdersTable')!;
    assert.deepEqual(table.properties['PointInTimeRecoverySpecification'], { PointInTimeRecoveryEnabled: true });
    assert.equal((result.resources.find((r) => r.logicalId === 'OrdersQueue')!.properties['MessageRetentionPeriod']), 1209600);
    assert.deepEqual(result.outputs.map((o) => o.name), ['TableName', 'StreamArn', 'ArchiveUrl']);
    assert.equal(result.outputs[2]!.value, 'https://sqs.eu-west-1.amazonaws.com/111122223333/archive');
  });

  it('a GetAtt the resource does not have (no stream) names the attribute, file and line', async () => {
    const loaded = await loadTemplate(fixture('orders.yaml'));
    delete ((loaded.document['Resources'] as any).OrdersTable.Properties as Record<string, unknown>)['StreamSpecification'];
    const error = (() => {
      try {
        resolveTemplate(loaded, { pseudo, valuesOf: eddyValues });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof TemplateError);
    assert.equal(error.detail, 'Template error: resource OrdersTable does not support attribute type StreamArn in Fn::GetAtt');
    assert.equal(error.path, '/Resources/Processor/Properties/Environment/Variables/STREAM/Fn::GetAtt');
    assert.match(error.message, /orders\.yaml:74:27: /);
  });
});

describe('resolveTemplate: order, cycles, dangling references', () => {
  it('DependsOn and references order creation; the template order is kept otherwise', async () => {
    const result = await readTemplate({
      text: [
        'Resources:',
        '  C:', '    Type: AWS::SQS::Queue', '    Properties:', "      QueueName: !Sub '${B}-c'",
        '  A:', '    Type: AWS::SQS::Queue', '    DependsOn: [C]',
        '  B:', '    Type: AWS::SQS::Queue', '    Properties:', '      QueueName: b',
        '  D:', '    Type: AWS::SQS::Queue',
        '',
      ].join('\n'),
      file: 'template.yaml',
    }, { pseudo, valuesOf: eddyValues });
    assert.deepEqual(result.resources.map((r) => r.logicalId), ['B', 'C', 'A', 'D']);
    assert.equal(result.resources[1]!.properties['QueueName'], 'https://sqs.eu-west-1.amazonaws.com/111122223333/b-c');
  });

  it("a cycle → Circular dependency between resources: [A, B]", async () => {
    await fails(
      'Resources:\n  B:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !GetAtt A.QueueName\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n  Free:\n    Type: AWS::SQS::Queue\n',
      'Circular dependency between resources: [A, B]',
      6,
      '/Resources/A',
    );
    await fails("Resources:\n  Self:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${Self.QueueName}'\n", 'Circular dependency between resources: [Self]', 2);
  });

  it('a dangling reference names the block: Resources or Outputs', async () => {
    await fails(
      'Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags:\n        - Key: k\n          Value: !Ref Missing\n',
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
      7,
      '/Resources/A/Properties/Tags/0/Value/Ref',
    );
    await fails(
      'Resources:\n  A:\n    Type: AWS::SQS::Queue\nOutputs:\n  Out:\n    Value: !GetAtt Missing.Arn\n',
      'Template format error: Unresolved resource dependencies [Missing] in the Outputs block of the template',
      6,
    );
  });

  it('an output must come out as text', async () => {
    const template = (value: string) => `Parameters:\n  L:\n    Type: CommaDelimitedList\n    Default: a,b\nResources:\n  A:\n    Type: AWS::SQS::Queue\nOutputs:\n  Out:\n    Value: ${value}\n`;
    await fails(template('!Ref L'), 'Template format error: The Value field of every Outputs member must evaluate to a String and not a List.', 10, '/Outputs/Out/Value');
    await fails(template('true'), 'Template format error: Every Value member must be a string.', 10);
    assert.equal((await readTemplate({ text: template("!Join ['+', !Ref L]"), file: 't.yaml' })).outputs[0]!.value, 'a+b');
  });

  it('macros other than SAM and LanguageExtensions are refused', async () => {
    await fails('Transform: MyMacro\nResources:\n  A:\n    Type: AWS::SQS::Queue\n', 'Transform MyMacro is not supported: Eddy runs no CloudFormation macros', 1, '/Transform');
  });

  it('without valuesOf, Ref is the logical id and Arn a placeholder', async () => {
    const result = await readTemplate({ text: 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      R: !GetAtt Role.Arn\n      N: !Ref Role\n', file: 't.yaml' }, { pseudo });
    assert.deepEqual(result.resources[1]!.properties, { R: 'arn:aws:eddy:eu-west-1:111122223333:not-emulated/AWS::IAM::Role/Role', N: 'Role' });
  });
});
