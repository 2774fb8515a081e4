import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidTargetInputError } from './invalid-target-input-error.js';
import { targetInputViolations } from './target-input-constraints.js';
import { jacksonLocation, targetInputProblem, validateTargetInput, type TargetWithInput } from './validate-target-input.js';

const transformer = (inputTemplate: string, inputPathsMap?: Record<string, string>): TargetWithInput => ({
  id: 't1',
  inputTransformer: { inputTemplate, ...(inputPathsMap ? { inputPathsMap } : {}) },
});

function refusal(target: TargetWithInput, memberPath?: string): string {
  try {
    validateTargetInput(target, memberPath);
  } catch (error) {
    assert.ok(error instanceof InvalidTargetInputError);
    return error.message;
  }
  assert.fail(`${JSON.stringify(target)} was accepted`);
}

describe('validateTargetInput: rules', () => {
  it('accepts each option alone, and none', () => {
    for (const target of [
      { id: 't1' },
      { id: 't1', input: '{"a": 1}' },
      { id: 't1', input: '"hello"' },
      { id: 't1', input: '42' },
      { id: 't1', inputPath: '$.detail' },
      { id: 't1', inputPath: '$' },
      { id: 't1', inputPath: '$.detail.a[0]' },
      { id: 't1', inputPath: '$.detail.nowhere' },
      transformer('"event was <k> today"', { k: '$.detail.k' }),
      transformer('{"e": <aws.events.event.json>, "f": <aws.events.event>}'),
      transformer('"<aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"'),
      transformer('{"unused": 1}', { unused: '$.detail' }),
      transformer('a < b and c > d'),
    ]) {
      assert.doesNotThrow(() => validateTargetInput(target), JSON.stringify(target));
    }
  });

  it('refuses more than one option', () => {
    const message = 'Only one of Input, InputPath, or InputTransformer must be provided for target t1.';
    assert.equal(refusal({ ...transformer('{"a": <b>}', { b: '$.detail' }), inputPath: '$.detail' }), message);
    assert.equal(refusal({ id: 't1', input: '{}', inputPath: '$.detail' }), message);
    assert.equal(refusal({ id: 't1', input: '', inputPath: '$.detail' }), message);
  });

  it('refuses Input that is not JSON, with Jackson\'s location', () => {
    assert.equal(refusal({ id: '1', input: 'env:dev' }), 'JSON syntax error in input for target 1: [Source: (String)"env:dev"; line: 1, column: 4]');
    assert.equal(refusal({ id: '1', input: '{\n  "a": }' }), 'JSON syntax error in input for target 1: [Source: (String)"{\n  "a": }"; line: 2, column: 9]');
    assert.equal(refusal({ id: '1', input: '' }), 'JSON syntax error in input for target 1: [Source: (String)""; line: 1, column: 1]');
  });

  it('refuses InputPath and InputPathsMap values outside the JSONPath subset', () => {
    for (const path of ['detail', "$['detail']", '$..detail', '$.detail.', '']) {
      assert.equal(refusal({ id: 't1', inputPath: path }), 'InputPath for target t1 is invalid.', path);
      assert.equal(refusal(transformer('{"a": <a>}', { a: path })), 'InputPath for target t1 is invalid.', path);
    }
  });

  it('refuses a placeholder neither mapped nor reserved', () => {
    assert.equal(
      refusal(transformer('"Event of <detail-type> type, with not defined key <notdefinedkey>"', { 'detail-type': '$.detail-type' })),
      'InputTemplate for target t1 contains invalid placeholder notdefinedkey.',
    );
    assert.equal(refusal(transformer('{"a": <aws.events.nope>}')), 'InputTemplate for target t1 contains invalid placeholder aws.events.nope.');
    assert.equal(refusal(transformer('"<b>bold</b>"')), 'InputTemplate for target t1 contains invalid placeholder b.');
  });

  it('refuses the event placeholders outside a JSON template', () => {
    assert.equal(refusal(transformer('[<aws.events.event.json>]')), 'InputTemplate for target t1 contains placeholder aws.events.event.json valid only for JSON template.');
    assert.equal(refusal(transformer('"<aws.events.event.json>"')), 'InputTemplate for target t1 contains placeholder aws.events.event.json valid only for JSON template.');
    assert.equal(refusal(transformer('"e <aws.events.event>"')), 'InputTemplate for target t1 contains placeholder aws.events.event valid only for JSON template.');
  });

  it('refuses a placeholder as an object key', () => {
    assert.equal(refusal(transformer('{<k>: 1}', { k: '$.id' })), 'InputTemplate for target t1 contains placeholder k used as an object key.');
    assert.equal(refusal(transformer('{"a": {"<k>": 1}}', { k: '$.id' })), 'InputTemplate for target t1 contains placeholder k used as an object key.');
  });

  it('reports the first problem only', () => {
    assert.equal(
      targetInputProblem({ id: 't1', inputPath: 'bad', inputTransformer: { inputTemplate: '<x>' } }),
      'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
    );
    assert.equal(targetInputProblem(transformer('"<x> <y>"')), 'InputTemplate for target t1 contains invalid placeholder x.');
  });
});

describe('validateTargetInput: model constraints', () => {
  it('refuses members over their length limits, at the target\'s path', () => {
    const input = `"${'x'.repeat(8191)}"`;
    assert.equal(
      refusal({ id: 't1', input }, 'targets.2.member'),
      `1 validation error detected: Value '${input}' at 'targets.2.member.input' failed to satisfy constraint: Member must have length less than or equal to 8192`,
    );
    const inputPath = `$.${'a'.repeat(255)}`;
    assert.equal(
      refusal({ id: 't1', inputPath }),
      `1 validation error detected: Value '${inputPath}' at 'targets.1.member.inputPath' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    assert.doesNotThrow(() => validateTargetInput({ id: 't1', input: `"${'x'.repeat(8190)}"` }));
    assert.doesNotThrow(() => validateTargetInput({ id: 't1', inputPath: `$.${'a'.repeat(254)}` }));
  });

  it('requires an InputTemplate of 1 to 8192 characters', () => {
    assert.equal(
      refusal({ id: 't1', inputTransformer: {} as { inputTemplate: string } }),
      "1 validation error detected: Value null at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      refusal(transformer('')),
      "1 validation error detected: Value '' at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    assert.match(refusal(transformer(`"${'x'.repeat(8191)}"`)), /inputTemplate' failed to satisfy constraint: Member must have length less than or equal to 8192$/);
    assert.doesNotThrow(() => validateTargetInput(transformer(`"${'x'.repeat(8190)}"`)));
  });

  it('allows 100 InputPathsMap entries, not 101', () => {
    const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, '$.detail']));
    assert.doesNotThrow(() => validateTargetInput(transformer('{}', entries(100))));
    assert.match(refusal(transformer('{}', entries(101))), /^1 validation error detected: Value '\{"k0":"\$.detail",.*' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Member must have length less than or equal to 100$/);
  });

  it('refuses reserved names and other keys outside the key pattern', () => {
    assert.equal(
      refusal(transformer('{"a": <aws.events.rule-name>}', { 'aws.events.rule-name': '$.detail' })),
      `1 validation error detected: Value '{"aws.events.rule-name":"$.detail"}' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [A-Za-z0-9\\_\\-]+]`,
    );
    assert.match(refusal(transformer('{}', { '': '$.a' })), /Map keys must satisfy constraint/);
    assert.match(refusal(transformer('{}', { 'a b': '$.a' })), /Map keys must satisfy constraint/);
    assert.match(refusal(transformer('{}', { ['k'.repeat(257)]: '$.a' })), /Map keys must satisfy constraint/);
    assert.doesNotThrow(() => validateTargetInput(transformer('"<AWSkey> <k-1_x>"', { AWSkey: '$.a', 'k-1_x': '$.b' })));
  });

  it('refuses InputPathsMap values over 256 characters', () => {
    assert.match(refusal(transformer('{}', { a: `$.${'a'.repeat(255)}` })), /inputPathsMap' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 256\]$/);
  });

  it('lists every violation before any rule is checked', () => {
    const violations = targetInputViolations({ input: 'x'.repeat(8193), inputPath: 'y'.repeat(257) }, 'targets.1.member');
    assert.equal(violations.length, 2);
    const message = refusal({ id: 't1', input: 'x'.repeat(8193), inputPath: 'y'.repeat(257) });
    assert.match(message, /^2 validation errors detected: Value 'x+' at 'targets.1.member.input' .*; Value 'y+' at 'targets.1.member.inputPath' /);
  });
});

describe('jacksonLocation', () => {
  it('cuts a long source after 500 characters', () => {
    const text = `${'a'.repeat(600)}`;
    assert.equal(jacksonLocation(text, 600), `[Source: (String)"${'a'.repeat(500)}"[truncated 100 chars]; line: 1, column: 601]`);
  });
});
