import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQualifiedFunctionName } from './qualified-function-name.js';

const d = { region: 'us-east-1', account: '000000000000' };

describe('parseQualifiedFunctionName', () => {
  it('reads names, full and partial ARNs, with a qualifier in the name or the parameter ($LATEST when none)', () => {
    assert.deepEqual(parseQualifiedFunctionName('fn', undefined, d), { name: 'fn', qualifier: '$LATEST', foreign: false });
    assert.deepEqual(parseQualifiedFunctionName('fn:live', undefined, d), { name: 'fn', qualifier: 'live', foreign: false });
    assert.deepEqual(parseQualifiedFunctionName('fn', '1', d), { name: 'fn', qualifier: '1', foreign: false });
    assert.deepEqual(parseQualifiedFunctionName('arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST', '$LATEST', d), {
      name: 'fn',
      qualifier: '$LATEST',
      foreign: false,
    });
    assert.deepEqual(parseQualifiedFunctionName('000000000000:function:fn', undefined, d), { name: 'fn', qualifier: '$LATEST', foreign: false });
    assert.equal(parseQualifiedFunctionName('arn:aws:lambda:eu-west-1:000000000000:function:fn', undefined, d).foreign, true);
    assert.equal(parseQualifiedFunctionName('111111111111:function:fn', undefined, d).foreign, true);
  });

  it("refuses a qualifier in the name that differs from the parameter, in Lambda's words", () => {
    assert.throws(() => parseQualifiedFunctionName('fn:$LATEST', 'live', d), {
      code: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
    });
  });

  it('refuses names and qualifiers outside the model', () => {
    assert.throws(() => parseQualifiedFunctionName('no spaces', undefined, d), { code: 'ValidationException', message: /Value 'no spaces' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern/ });
    assert.throws(() => parseQualifiedFunctionName('x'.repeat(257), undefined, d), { message: /Member must have length less than or equal to 256/ });
    assert.throws(() => parseQualifiedFunctionName('fn', 'a b', d), { message: /at 'qualifier' failed to satisfy constraint/ });
  });
});
