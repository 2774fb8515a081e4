import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTemplate } from './read-template.js';
import { TemplateError } from './template-error.js';

const parameters = 'Parameters:\n  Stage:\n    Type: String\n    Default: dev\n  Size:\n    Type: Number\n    Default: 10\n';
const read = (conditions: string, overrides: Record<string, string> = {}, rest = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n') =>
  readTemplate({ text: `${parameters}Mappings:\n  M:\n    dev:\n      Enabled: 'yes'\nConditions:\n${conditions}${rest}`, file: 'template.yaml' }, { parameters: overrides });

async function fails(conditions: string, detail: string, line: number, rest?: string): Promise<void> {
  const error = await read(conditions, {}, rest).then(() => assert.fail('expected a TemplateError'), (e: unknown) => e);
  assert.ok(error instanceof TemplateError, String(error));
  assert.equal(error.detail, detail);
  assert.equal(error.location.line, line, error.message);
}

describe('conditions', () => {
  it('Equals (numbers as text), Not, And, Or, Condition, FindInMap and pseudo parameters inside', async () => {
    const conditions = [
      '  IsDev: !Equals [!Ref Stage, dev]',
      '  IsProd: !Not [!Condition IsDev]',
      "  Ten: !Equals [!Ref Size, 10]",
      '  Both: !And [!Condition IsDev, !Condition Ten]',
      '  Either: !Or [!Condition IsProd, !Equals [!Ref AWS::Region, us-east-1]]',
      "  Mapped: !Equals [!FindInMap [M, !Ref Stage, Enabled], 'yes']",
      '',
    ].join('\n');
    assert.deepEqual((await read(conditions)).conditions, { IsDev: true, IsProd: false, Ten: true, Both: true, Either: true, Mapped: true });
    const prod = await read(conditions.replace("  Mapped: !Equals [!FindInMap [M, !Ref Stage, Enabled], 'yes']\n", ''), { Stage: 'prod' });
    assert.deepEqual(prod.conditions, { IsDev: false, IsProd: true, Ten: true, Both: false, Either: true });
  });

  it('a false Condition: skips the resource and the output; Fn::If picks branches', async () => {
    const result = await read('  IsProd: !Equals [!Ref Stage, prod]\n', {}, [
      'Resources:',
      '  Always:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      Name: !If [IsProd, prod-queue, !Ref AWS::NoValue]',
      '      Other: !If [IsProd, !Ref Archive, none]',
      '  Archive:',
      '    Type: AWS::SQS::Queue',
      '    Condition: IsProd',
      'Outputs:',
      '  ArchiveRef:',
      '    Condition: IsProd',
      '    Value: !Ref Archive',
      '  AlwaysRef:',
      '    Value: !Ref Always',
      '',
    ].join('\n'));
    assert.deepEqual(result.resources.map((r) => [r.logicalId, r.properties]), [['Always', { Other: 'none' }]]);
    assert.deepEqual(result.skipped, ['Archive']);
    assert.deepEqual(result.outputs.map((o) => [o.name, o.value]), [['AlwaysRef', 'Always']]);
  });

  it('a resource whose Condition is false cannot be referenced outside Fn::If, nor depended on', async () => {
    const rest = (use: string) => `Resources:\n  Archive:\n    Type: AWS::SQS::Queue\n    Condition: IsProd\n  User:\n    Type: AWS::SQS::Queue\n${use}`;
    await fails('  IsProd: !Equals [!Ref Stage, prod]\n', 'Template format error: Unresolved resource dependencies [Archive] in the Resources block of the template', 21, rest('    Properties:\n      A: !Ref Archive\n'));
    await fails('  IsProd: !Equals [!Ref Stage, prod]\n', 'Template format error: Unresolved resource dependencies [Archive] in the Resources block of the template', 20, rest('    DependsOn: Archive\n'));
  });

  it("errors: Equals shape, And/Or bounds, unknown and circular conditions, resources inside", async () => {
    await fails('  C: !Equals [a]\n', 'Template error: every Fn::Equals object requires a list of 2 string parameters.', 13);
    await fails('  C: !Equals [a, [b]]\n', 'Template error: every Fn::Equals object requires a list of 2 string parameters.', 13);
    await fails('  C: !And [!Equals [a, a]]\n', 'Template error: every Fn::And object requires a list of at least 2 and at most 10 conditions.', 13);
    await fails('  C: !Not [!Condition D]\n', 'Template error: unresolved condition dependency D in Condition', 13);
    await fails('  C: !Not [!Condition D]\n  D: !Not [!Condition C]\n', 'Template error: circular condition dependency between conditions: [C → D → C]', 13);
    await fails('  C: !Equals [!Ref Q, x]\n', 'Template format error: Unresolved dependencies [Q]. Cannot reference resources in the Conditions block of the template', 13);
  });
});
