import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readTemplate } from './read-template.js';
import type { ResolveOptions, ValuesOf } from './resolve-template.js';
import { TemplateError } from './template-error.js';

const pseudo = { region: 'eu-west-1', accountId: '111122223333', stackName: 'shop' };
const values: ValuesOf = (logicalId, type, properties, p) =>
  type === 'AWS::SQS::Queue'
    ? {
        ref: `https://sqs.${p.region}.amazonaws.com/${p.accountId}/${String(properties['QueueName'] ?? logicalId)}`,
        attributes: { Arn: `arn:aws:sqs:${p.region}:${p.accountId}:${String(properties['QueueName'] ?? logicalId)}`, QueueName: properties['QueueName'] ?? logicalId },
      }
    : { ref: logicalId, attributes: { Arn: `arn:aws:test:::${logicalId}`, 'Endpoint.Address': 'db.local' } };

/** Resolves `Value: <expression>` of one resource and returns the resolved Value. */
async function value(expression: string, extra = '', options: ResolveOptions = {}): Promise<unknown> {
  const text = `${extra}Resources:\n  Probe:\n    Type: Test::Probe::Thing\n    Properties:\n      Value: ${expression}\n  Orders:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: orders\n  Db:\n    Type: Test::Db::Thing\n`;
  const result = await readTemplate({ text, file: 'template.yaml' }, { pseudo, valuesOf: values, ...options });
  return result.resources.find((r) => r.logicalId === 'Probe')!.properties['Value'];
}

async function fails(expression: string, detail: string | RegExp, extra = '', options: ResolveOptions = {}): Promise<TemplateError> {
  const error = await value(expression, extra, options).then(() => assert.fail('expected a TemplateError'), (e: unknown) => e);
  assert.ok(error instanceof TemplateError, String(error));
  if (typeof detail === 'string') assert.equal(error.detail, detail);
  else assert.match(error.detail, detail);
  const line = extra.split('\n').length - 1 + 5; // the Value line
  assert.equal(error.location.line, line, error.message);
  assert.match(error.message, new RegExp(`^template\\.yaml:${line}:\\d+: `));
  // A YAML fault has a line but no path yet; every other error names the JSON path.
  if (!error.detail.includes('not well-formed')) assert.match(error.path, /^\/Resources\/Probe\/Properties\/Value/);
  return error;
}

const params = 'Parameters:\n  Name:\n    Type: String\n    Default: orders\n  Ids:\n    Type: CommaDelimitedList\n    Default: "a, b"\n  Count:\n    Type: Number\n    Default: 3\n';
const mappings = 'Mappings:\n  Sizes:\n    dev:\n      Memory: 128\n';
const extensions = 'Transform: AWS::LanguageExtensions\n';

describe('Ref', () => {
  it('parameters (Number as text, lists trimmed), pseudo parameters, resources through valuesOf', async () => {
    assert.equal(await value('!Ref Name', params), 'orders');
    assert.equal(await value('!Ref Count', params), '3');
    assert.deepEqual(await value('!Ref Ids', params), ['a', 'b']);
    assert.equal(await value('!Ref AWS::Region'), 'eu-west-1');
    assert.equal(await value('!Ref AWS::AccountId'), '111122223333');
    assert.equal(await value('!Ref AWS::Partition'), 'aws');
    assert.equal(await value('!Ref AWS::StackName'), 'shop');
    assert.match(String(await value('!Ref AWS::StackId')), /^arn:aws:cloudformation:eu-west-1:111122223333:stack\/shop\/[0-9a-f-]{36}$/);
    assert.equal(await value('!Ref AWS::URLSuffix'), 'amazonaws.com');
    assert.deepEqual(await value('!Ref AWS::NotificationARNs'), []);
    assert.equal(await value('!Ref Orders'), 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders');
  });

  it('AWS::NoValue drops the key and list elements', async () => {
    assert.equal(await value('!Ref AWS::NoValue'), undefined);
    assert.deepEqual(await value('[a, !Ref AWS::NoValue, b]'), ['a', 'b']);
  });

  it('an unknown name is an unresolved dependency', async () => {
    await fails('!Ref Nothing', 'Template format error: Unresolved resource dependencies [Nothing] in the Resources block of the template');
  });
});

describe('Fn::GetAtt', () => {
  it('both forms, attributes with dots, an attribute named by a parameter', async () => {
    assert.equal(await value('!GetAtt Orders.Arn'), 'arn:aws:sqs:eu-west-1:111122223333:orders');
    assert.equal(await value('!GetAtt [Orders, QueueName]'), 'orders');
    assert.equal(await value('!GetAtt Db.Endpoint.Address'), 'db.local');
    assert.equal(await value('{ "Fn::GetAtt": [Orders, !Ref Attr] }', 'Parameters:\n  Attr:\n    Type: String\n    Default: Arn\n'), 'arn:aws:sqs:eu-west-1:111122223333:orders');
  });

  it('malformed, unknown attribute, unknown resource, id not literal', async () => {
    const malformed = 'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute';
    await fails('!GetAtt Orders', malformed);
    await fails('!GetAtt [Orders]', malformed);
    await fails('!GetAtt [!Ref Name, Arn]', malformed, params);
    await fails('!GetAtt Orders.StreamArn', 'Template error: resource Orders does not support attribute type StreamArn in Fn::GetAtt');
    await fails('!GetAtt Nothing.Arn', 'Template format error: Unresolved resource dependencies [Nothing] in the Resources block of the template');
  });
});

describe('Fn::Sub', () => {
  it("H.2's example, variables in the list form, ${!Literal}, ${Id.Attr}", async () => {
    assert.equal(await value("!Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Name}'", params), 'arn:aws:sqs:eu-west-1:111122223333:orders');
    assert.equal(await value("!Sub ['${Q}-${Name}-${Count}', { Q: !GetAtt Orders.QueueName }]", params), 'orders-orders-3');
    assert.equal(await value("!Sub '${!Literal} and ${ Name }'", params), '${Literal} and orders');
    assert.equal(await value("!Sub '${Orders.Arn}|${Orders}'"), 'arn:aws:sqs:eu-west-1:111122223333:orders|https://sqs.eu-west-1.amazonaws.com/111122223333/orders');
  });

  it('unknown variable, list variable, malformed', async () => {
    await fails("!Sub 'x-${Nope}'", 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template');
    await fails("!Sub 'x-${Ids}'", 'Template error: variable Ids in Fn::Sub expression does not resolve to a string', params);
    await fails('!Sub [a, b, c]', /^Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments/);
  });
});

describe('Fn::Join, Fn::Select, Fn::Split', () => {
  it('Join by d of Split by d gives the text back; Sub of text without ${ is the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ minLength: 1, maxLength: 3 }), async (text, delimiter) => {
        const template = {
          Resources: {
            R: {
              Type: 'Test::Probe::Thing',
              Properties: {
                Joined: { 'Fn::Join': [delimiter, { 'Fn::Split': [delimiter, text] }] },
                Sub: { 'Fn::Sub': text.replaceAll('${', '') },
              },
            },
          },
        };
        const result = await readTemplate({ text: JSON.stringify(template), file: 't.json' });
        assert.deepEqual(result.resources[0]!.properties, { Joined: text, Sub: text.replaceAll('${', '') });
      }),
      { numRuns: 60 },
    );
  });


  it('work as H.2 shows, on lists from other functions', async () => {
    assert.equal(await value("!Join [':', [a, !Ref Name, 1]]", params), 'a:orders:1');
    assert.equal(await value("!Join ['', !Ref Ids]", params), 'ab');
    assert.deepEqual(await value("!Split ['|', 'a||c|']"), ['a', '', 'c', '']);
    assert.equal(await value("!Select ['1', [x, y]]"), 'y');
    assert.equal(await value('!Select [0, !Split [",", !Join [",", !Ref Ids]]]', params), 'a');
  });

  it("errors with CloudFormation's texts", async () => {
    await fails('!Select [3, [a, b, c]]', 'Template error: Fn::Select cannot select nonexistent value at index 3');
    await fails('!Select [a, [a]]', 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list');
    await fails('!Select [0]', 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list');
    await fails("!Split ['|']", 'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.');
    await fails("!Join [',', a]", /^Template error: every Fn::Join object requires two parameters/);
  });
});

describe('Fn::FindInMap', () => {
  it('looks up with keys from parameters; DefaultValue under LanguageExtensions', async () => {
    const stage = 'Parameters:\n  Stage:\n    Type: String\n    Default: dev\n';
    assert.equal(await value('!FindInMap [Sizes, !Ref Stage, Memory]', stage + mappings), 128);
    assert.equal(await value('{ "Fn::FindInMap": [Sizes, prod, Memory, { DefaultValue: 256 }] }', extensions + mappings), 256);
  });

  it('a miss names the map and keys; DefaultValue needs the transform', async () => {
    await fails('!FindInMap [Sizes, prod, Memory]', 'Template error: Unable to get mapping for Sizes::prod::Memory', mappings);
    await fails('{ "Fn::FindInMap": [Sizes, prod, Memory, { DefaultValue: 1 }] }', /^Template error: every Fn::FindInMap object requires three parameters/, mappings);
  });
});

describe('Fn::GetAZs, Fn::Base64, Fn::Cidr', () => {
  it('GetAZs gives three local zones; Base64 of UTF-8; Cidr IPv4 and IPv6', async () => {
    assert.deepEqual(await value("!GetAZs ''"), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    assert.deepEqual(await value('{ "Fn::GetAZs": !Ref AWS::Region }'), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    // Two short forms on one node are not YAML (CloudFormation's docs say the same of !Base64 !Sub).
    await fails('!GetAZs !Ref AWS::Region', /^Template format error: YAML not well-formed\. A node can have at most one tag/);
    assert.equal(await value('!Base64 héllo'), Buffer.from('héllo').toString('base64'));
    assert.deepEqual(await value('!Cidr [192.168.0.0/24, 6, 5]'), ['192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27']);
    assert.deepEqual(await value("!Cidr ['2001:db8:1234::/56', 2, 64]"), ['2001:db8:1234::/64', '2001:db8:1234:1::/64']);
    await fails('!Cidr [10.0.0.0/30, 8, 1]', /^Template error: Fn::Cidr 10\.0\.0\.0\/30 has no room for 8 blocks/);
  });
});

describe('LanguageExtensions: Fn::Length, Fn::ToJsonString', () => {
  it('work with the transform and are refused without it', async () => {
    assert.equal(await value('{ "Fn::Length": !Ref Ids }', extensions + params), 2);
    assert.equal(await value('{ "Fn::ToJsonString": { a: [1, !Ref Name] } }', extensions + params), '{"a":[1,"orders"]}');
    await fails('{ "Fn::Length": [1] }', /^Template format error: Encountered unsupported function: Fn::Length/);
  });
});

describe('Fn::If, unsupported and unknown functions', () => {
  it('If picks a branch; the other branch is not resolved', async () => {
    const conditions = 'Conditions:\n  Yes1: !Equals [a, a]\n';
    assert.equal(await value('!If [Yes1, !Ref AWS::Region, !GetAtt Orders.Nothing]', conditions), 'eu-west-1');
    // A name nobody declared is refused even in the branch not taken: CloudFormation checks references template-wide.
    await fails('!If [Yes1, a, !Ref Nope]', 'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template', conditions);
    assert.equal(await value('!If [Yes1, !Ref AWS::NoValue, b]', conditions), undefined);
    await fails('!If [Nope, a, b]', 'Template error: unresolved condition dependency Nope in Fn::If', conditions);
  });

  it('ImportValue and macros are refused clearly; unknown Fn:: is an error', async () => {
    await fails('!ImportValue shared-vpc', 'Fn::ImportValue is not supported: there are no other stacks to export values locally');
    await fails('!Transform { Name: AWS::Include }', 'Fn::Transform is not supported: Eddy runs no CloudFormation macros (AWS::Include)');
    await fails('{ "Fn::Nope": 1 }', 'Template format error: Encountered unsupported function: Fn::Nope');
  });

  it("ImportValue reads the exports of the stacks resolved before (a CDK app's); an unknown name is an error", async () => {
    const exports = { 'shop-orders-arn': 'arn:aws:sqs:eu-west-1:111122223333:orders', 'shop:TableName': 'orders' };
    assert.equal(await value('!ImportValue shop-orders-arn', '', { exports }), 'arn:aws:sqs:eu-west-1:111122223333:orders');
    assert.equal(await value('{ "Fn::ImportValue": !Sub "${AWS::StackName}:TableName" }', '', { exports }), 'orders');
    await fails('!ImportValue nope', 'No export named nope found (exported: shop-orders-arn, shop:TableName)', '', { exports });
    await fails('!ImportValue nope', 'No export named nope found', '', { exports: {} });
    await fails('!ImportValue [a]', 'Template error: the Fn::ImportValue argument must be an export name (a string)', '', { exports });
  });
});
