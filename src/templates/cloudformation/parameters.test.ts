import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTemplate } from './read-template.js';
import { TemplateError } from './template-error.js';

const resources = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n';
const read = (parameters: string, overrides: Record<string, string> = {}) =>
  readTemplate({ text: `Parameters:\n${parameters}${resources}`, file: 'template.yaml' }, { parameters: overrides });

async function fails(parameters: string, overrides: Record<string, string>, detail: string, line: number): Promise<void> {
  const error = await read(parameters, overrides).then(() => assert.fail('expected a TemplateError'), (e: unknown) => e);
  assert.ok(error instanceof TemplateError, String(error));
  assert.equal(error.detail, detail);
  assert.equal(error.location.line, line, error.message);
  assert.match(error.path, /^\/Parameters/);
}

const stage = '  Stage:\n    Type: String\n    AllowedValues: [dev, prod]\n';

describe('parameters', () => {
  it('Default, overrides, Number as text, lists trimmed, NoEcho named', async () => {
    const result = await read(
      `${stage}    Default: dev\n  Size:\n    Type: Number\n    Default: 5\n  Ids:\n    Type: List<Number>\n    Default: '1, 2,3'\n  Subnets:\n    Type: List<AWS::EC2::Subnet::Id>\n    Default: subnet-1,subnet-2\n  Vpc:\n    Type: AWS::EC2::VPC::Id\n    Default: vpc-1\n  Secret:\n    Type: String\n    NoEcho: true\n`,
      { Stage: 'prod', Secret: 's3cret' },
    );
    assert.deepEqual(result.parameters.values, {
      Stage: 'prod', Size: '5', Ids: ['1', '2', '3'], Subnets: ['subnet-1', 'subnet-2'], Vpc: 'vpc-1', Secret: 's3cret',
    });
    assert.deepEqual(result.parameters.noEcho, ['Secret']);
  });

  it("missing values are listed together: Parameters: [A, B] must have values", async () => {
    await fails(`${stage}  Other:\n    Type: String\n`, {}, 'Parameters: [Stage, Other] must have values', 2);
  });

  it('an override of an undeclared parameter is refused', async () => {
    await fails(`${stage}    Default: dev\n`, { Stge: 'prod' }, 'Parameters: [Stge] do not exist in the template', 1);
  });

  it("AllowedValues, AllowedPattern (whole value, per list item), Number", async () => {
    await fails(`${stage}    Default: dev\n`, { Stage: 'test' }, "Parameter 'Stage' must be one of AllowedValues", 2);
    await fails(`${stage}    Default: qa\n`, {}, "Parameter 'Stage' must be one of AllowedValues", 5);
    const pattern = "  Name:\n    Type: String\n    AllowedPattern: '[a-z]+'\n";
    await fails(pattern, { Name: 'abc1' }, 'Malformed input-Parameter Name must match pattern [a-z]+', 2);
    await fails(`${pattern}    ConstraintDescription: must be lower-case letters\n`, { Name: 'ABC' }, 'Malformed input-Parameter Name must be lower-case letters', 2);
    await fails("  Names:\n    Type: CommaDelimitedList\n    AllowedPattern: '[a-z]+'\n", { Names: 'ok, NOT' }, 'Malformed input-Parameter Names must match pattern [a-z]+', 2);
    await fails('  Size:\n    Type: Number\n', { Size: 'ten' }, "Parameter 'Size' must be a number.", 2);
    await fails('  Ids:\n    Type: List<Number>\n', { Ids: '1,x' }, "Parameter 'Ids' must be a number.", 2);
  });

  it('lengths and ranges (messages unconfirmed)', async () => {
    await fails('  Name:\n    Type: String\n    MinLength: 3\n', { Name: 'ab' }, "Parameter 'Name' must contain at least 3 characters", 2);
    await fails('  Name:\n    Type: String\n    MaxLength: 3\n', { Name: 'abcd' }, "Parameter 'Name' must contain at most 3 characters", 2);
    await fails('  Size:\n    Type: Number\n    MinValue: 1\n    Default: 0\n', {}, "Parameter 'Size' must be a number not less than 1", 5);
    await fails('  Size:\n    Type: Number\n    MaxValue: 9\n', { Size: '10' }, "Parameter 'Size' must be a number not greater than 9", 2);
  });

  it('an SSM value parameter needs an override, taken as the value itself', async () => {
    const ssm = "  Table:\n    Type: 'AWS::SSM::Parameter::Value<String>'\n    Default: /shop/table\n";
    const error = await read(ssm).catch((e: unknown) => e);
    assert.ok(error instanceof TemplateError);
    assert.match(error.detail, /^Parameter 'Table' is of type AWS::SSM::Parameter::Value<String>: Eddy cannot read SSM Parameter Store .*--parameter Table=<value>$/);
    assert.equal(error.location.line, 2);
    assert.deepEqual((await read(ssm, { Table: 'orders' })).parameters.values, { Table: 'orders' });
  });
});
