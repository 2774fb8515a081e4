import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorText, functionFailure } from './batch-failure.js';

describe('functionFailure', () => {
  it('reads errorType and errorMessage from the error payload', () => {
    const failure = functionFailure('{"errorType":"Error","errorMessage":"SMTP refused","trace":[]}', 'Unhandled');
    assert.deepEqual(failure, { kind: 'function-error', errorType: 'Error', errorMessage: 'SMTP refused' });
    assert.equal(errorText(failure), 'Error: SMTP refused');
  });

  it('tells a timeout by Sandbox.Timedout, with the function timeout from its message', () => {
    const errorMessage = 'RequestId: r-1 Error: Task timed out after 3.00 seconds';
    const failure = functionFailure(JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage }), 'Unhandled');
    assert.deepEqual(failure, { kind: 'timeout', timeoutSeconds: 3, errorMessage });
    assert.equal(errorText(failure), `Sandbox.Timedout: ${errorMessage}`);
  });

  it('falls back to the function error name when the payload says nothing', () => {
    assert.deepEqual(functionFailure('not json', 'Unhandled'), { kind: 'function-error', errorType: 'Unhandled', errorMessage: '' });
    assert.deepEqual(functionFailure('null', 'Unhandled'), { kind: 'function-error', errorType: 'Unhandled', errorMessage: '' });
    assert.equal(errorText(functionFailure('{"errorType":"TypeError"}', 'Unhandled')), 'TypeError');
  });

  it('has no error text for partial batch failures and unreadable responses', () => {
    assert.equal(errorText({ kind: 'partial-batch-failure', failedItems: ['1'], batchSize: 2 }), undefined);
    assert.equal(errorText({ kind: 'invalid-response', reason: 'batchItemFailures is not a list' }), undefined);
  });
});
