import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadTemplate } from './template-source.js';
import { TemplateError } from './template-error.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const load = (text: string) => loadTemplate({ text, file: 'template.yaml' });

/** Asserts a TemplateError with this CloudFormation text at this line (and column), and returns it. */
async function rejectsAt(promise: Promise<unknown>, detail: string | RegExp, line: number, column?: number): Promise<TemplateError> {
  const error = await promise.then(() => assert.fail('expected a TemplateError'), (e: unknown) => e);
  assert.ok(error instanceof TemplateError, String(error));
  if (typeof detail === 'string') assert.equal(error.detail, detail);
  else assert.match(error.detail, detail);
  assert.equal(error.location.line, line, error.message);
  if (column !== undefined) assert.equal(error.location.column, column, error.message);
  assert.ok(error.message.startsWith(`template.yaml:${line}:`), error.message);
  return error;
}

const minimal = (body: string) => `Resources:\n  Thing:\n    Type: AWS::SQS::Queue\n    Properties:\n${body}`;

describe('loadTemplate: YAML short-form tags', () => {
  it('turns every short-form tag of H.2 into its long form', async () => {
    const { document } = await load(minimal(`      Ref: !Ref Name
      GetAttDot: !GetAtt Table.StreamArn
      GetAttDots: !GetAtt Db.Endpoint.Address
      GetAttList: !GetAtt [Table, Arn]
      Sub: !Sub 'x-\${Name}'
      SubList: !Sub ['\${A}', { A: b }]
      Join: !Join [',', [a, b]]
      Select: !Select [0, [a]]
      Split: !Split ['|', 'a|b']
      If: !If [C, a, b]
      Equals: !Equals [a, b]
      Not: !Not [!Condition C]
      And: !And [!Condition C, !Condition D]
      Or: !Or [!Condition C, !Condition D]
      FindInMap: !FindInMap [M, a, b]
      ImportValue: !ImportValue other-stack-value
      GetAZs: !GetAZs ''
      Base64: !Base64 hi
      Cidr: !Cidr [10.0.0.0/16, 2, 8]
      Transform: !Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }
`));
    const properties = (document['Resources'] as any).Thing.Properties;
    assert.deepEqual(properties, {
      Ref: { Ref: 'Name' },
      GetAttDot: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      GetAttDots: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      GetAttList: { 'Fn::GetAtt': ['Table', 'Arn'] },
      Sub: { 'Fn::Sub': 'x-${Name}' },
      SubList: { 'Fn::Sub': ['${A}', { A: 'b' }] },
      Join: { 'Fn::Join': [',', ['a', 'b']] },
      Select: { 'Fn::Select': [0, ['a']] },
      Split: { 'Fn::Split': ['|', 'a|b'] },
      If: { 'Fn::If': ['C', 'a', 'b'] },
      Equals: { 'Fn::Equals': ['a', 'b'] },
      Not: { 'Fn::Not': [{ Condition: 'C' }] },
      And: { 'Fn::And': [{ Condition: 'C' }, { Condition: 'D' }] },
      Or: { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'D' }] },
      FindInMap: { 'Fn::FindInMap': ['M', 'a', 'b'] },
      ImportValue: { 'Fn::ImportValue': 'other-stack-value' },
      GetAZs: { 'Fn::GetAZs': '' },
      Base64: { 'Fn::Base64': 'hi' },
      Cidr: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      Transform: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
    });
  });

  it('reads YAML 1.1 booleans as CloudFormation does (quote Yes/No to keep text), but not y/n', async () => {
    const { document } = await load(minimal(`      A: Yes
      B: No
      C: on
      D: 'Yes'
      E: y
      F: n
      G: true
      H: 012
      Yes: key stays as written
`));
    assert.deepEqual((document['Resources'] as any).Thing.Properties, {
      A: true, B: false, C: true, D: 'Yes', E: 'y', F: 'n', G: true, H: 10, Yes: 'key stays as written',
    });
  });

  it('reads a lone . as text (CodeUri: .), not as the NaN of the yaml package\'s 1.1 floats; .nan stays NaN', async () => {
    const { document } = await load(minimal('      A: .\n      B: .nan\n      C: ./src\n'));
    assert.deepEqual((document['Resources'] as any).Thing.Properties, { A: '.', B: NaN, C: './src' });
  });

  it('keeps where each path came from: keys at the key, tagged values at the value', async () => {
    const { sourceMap } = await loadTemplate(fixture('orders.yaml'));
    assert.deepEqual(sourceMap.locate('/Resources/OrdersTable/Properties/StreamSpecification'), { file: fixture('orders.yaml'), line: 45, column: 7 });
    assert.equal(sourceMap.locate('/Resources/Processor/Properties/Environment/Variables/STREAM').line, 74);
    assert.equal(sourceMap.locate('/Resources/Processor/Properties/Environment/Variables/STREAM/Fn::GetAtt').column, 27);
    // A path nobody wrote (a transform's addition) is answered by its nearest ancestor.
    assert.equal(sourceMap.locate('/Resources/OrdersTable/Properties/Generated/Deep').line, 39);
  });

  it('reads the same template written in JSON to the same document, with lines', async () => {
    const yaml = await loadTemplate(fixture('orders.yaml'));
    const json = await loadTemplate(fixture('orders.json'));
    assert.deepEqual(json.document, yaml.document);
    assert.equal(json.sourceMap.locate('/Resources/OrdersQueue/Properties/QueueName').line, 109);
  });

  it('names the transforms', async () => {
    const loaded = await load(`Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n${minimal('      A: 1\n')}`);
    assert.deepEqual(loaded.transforms, ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31']);
  });
});

describe('loadTemplate: start-up cost', () => {
  it('only yaml-reader.ts imports the yaml package, and only template-source.ts imports yaml-reader.ts (dynamically)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const sources = (await readdir(dir)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    const importers = async (pattern: RegExp) =>
      (await Promise.all(sources.map(async (name) => (pattern.test(await readFile(`${dir}/${name}`, 'utf8')) ? name : undefined)))).filter(Boolean);
    assert.deepEqual(await importers(/from 'yaml'/), ['yaml-reader.ts']);
    assert.deepEqual(await importers(/yaml-reader\.js/), ['template-source.ts']);
    assert.match(await readFile(`${dir}/template-source.ts`, 'utf8'), /await import\('\.\/yaml-reader\.js'\)/);
    assert.doesNotMatch(await readFile(`${dir}/template-source.ts`, 'utf8'), /^import .*yaml-reader/m);
  });
});

describe('loadTemplate: errors with file:line:column', () => {
  it('bad YAML → YAML not well-formed with the parser detail', async () => {
    await rejectsAt(load('Resources:\n  A:\n    Type: [unclosed\n'), /^Template format error: YAML not well-formed\. /, 4);
    const error = await rejectsAt(load('Resources:\n  A: 1\n  A: 2\n'), /^Template format error: YAML not well-formed\. .*unique/i, 3, 3);
    assert.equal(error.message.split(':').slice(0, 3).join(':'), 'template.yaml:3:3');
  });

  it('bad JSON → JSON not well-formed at the line of the fault', async () => {
    const error = await loadTemplate({ text: '{\n  "Resources": {\n    "A": ,\n  }\n}', file: 't.json' }).catch((e: unknown) => e);
    assert.ok(error instanceof TemplateError);
    assert.match(error.detail, /^Template format error: JSON not well-formed\. \(line 3, column \d+\)$/);
    assert.equal(error.location.line, 3);
  });

  it('an unknown tag is refused where it stands', async () => {
    await rejectsAt(load(minimal('      A: !Reff Name\n')), 'Template format error: YAML not well-formed. Unsupported tag !Reff', 5, 7);
  });

  it('a missing file is named', async () => {
    const error = await loadTemplate(fixture('absent.yaml')).catch((e: unknown) => e);
    assert.ok(error instanceof TemplateError);
    assert.match(error.message, /absent\.yaml:1:1: Cannot read the template: no such file/);
  });
});

describe('loadTemplate: template checks (H.2 "Template")', () => {
  it('Resources must be there and not empty', async () => {
    await rejectsAt(load('Description: nothing\n'), 'Template format error: At least one Resources member must be defined.', 1);
    await rejectsAt(load('Description: nothing\nResources: {}\n'), 'Template format error: At least one Resources member must be defined.', 2);
  });

  it('every resource is an object with a Type', async () => {
    await rejectsAt(load('Resources:\n  A: just text\n'), 'Template format error: Every Resources member must be an object.', 2);
    await rejectsAt(
      load('Resources:\n  Good:\n    Type: AWS::SQS::Queue\n  Bad:\n    Properties: {}\n'),
      'Template format error: [/Resources/Bad] Every Resources object must contain a Type member.',
      4,
    );
  });

  it('resource types must look like types; unknown resource keys and sections are refused', async () => {
    await rejectsAt(load('Resources:\n  A:\n    Type: Queue\n'), 'Template format error: Unrecognized resource types: [Queue]', 3);
    await rejectsAt(load('Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Propertes: {}\n'), "Template format error: Invalid template resource property 'Propertes'", 4);
    await rejectsAt(load('Resorces: {}\nResources:\n  A:\n    Type: AWS::SQS::Queue\n'), 'Template format error: Invalid template property or properties [Resorces]', 1);
    await rejectsAt(load('Resources:\n  my-queue:\n    Type: AWS::SQS::Queue\n'), 'Template format error: Resource name my-queue is non alphanumeric.', 2);
  });

  it('DependsOn must name resources; Condition must name a condition', async () => {
    await rejectsAt(
      load('Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: [B, Missing]\n  B:\n    Type: AWS::SQS::Queue\n'),
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
      4,
    );
    await rejectsAt(load('Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Condition: IsProd\n'), /^Template format error: Unresolved condition dependency IsProd/, 4);
  });

  it('parameters need a known Type; outputs need a Value', async () => {
    await rejectsAt(load(`Parameters:\n  P:\n    Default: x\n${minimal('      A: 1\n')}`), 'Template format error: Every Parameters object must contain a Type member.', 2);
    await rejectsAt(load(`Parameters:\n  P:\n    Type: Strin\n${minimal('      A: 1\n')}`), 'Template format error: Unrecognized parameter type: Strin', 3);
    await rejectsAt(load(`${minimal('      A: 1\n')}Outputs:\n  O:\n    Description: none\n`), 'Template format error: Every Outputs member must contain a Value object', 7);
  });
});
