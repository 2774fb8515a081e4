import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FunctionRuntime } from '../functions/function-runtime.js';
import { mappingFunctionArn, mappingFunctionName, mappingRuntime } from './mapping-function.js';

const d = { region: 'eu-west-1', account: '111122223333' };
const ARN = 'arn:aws:lambda:eu-west-1:111122223333:function';

/** A runtime that records what it is asked to run. */
function recordingRuntime() {
  const calls: { name: string; invokedFunctionArn: string | undefined; payload: string }[] = [];
  const runtime: Pick<FunctionRuntime, 'invoke'> = {
    invoke: async (name, request) => {
      calls.push({ name, invokedFunctionArn: request.invokedFunctionArn, payload: request.payload });
      return { requestId: 'r', payload: 'null', logs: '', durationMs: 1, billedDurationMs: 1, maxMemoryUsedMB: 1, coldStart: false };
    },
  };
  return { runtime, calls };
}

describe('a mapping\'s function: its FunctionArn, its name, and what each batch runs', () => {
  it('shows the qualifier in FunctionArn and the name only when the mapping names one', () => {
    assert.equal(mappingFunctionArn(d, { functionName: 'orders', config: {} }), `${ARN}:orders`);
    assert.equal(mappingFunctionArn(d, { functionName: 'orders', config: { qualifier: 'live' } }), `${ARN}:orders:live`);
    assert.equal(mappingFunctionArn(d, { functionName: 'orders', config: { qualifier: '$LATEST' } }), `${ARN}:orders:$LATEST`);
    assert.equal(mappingFunctionName({ functionName: 'orders', config: {} }), 'orders');
    assert.equal(mappingFunctionName({ functionName: 'orders', config: { qualifier: '3' } }), 'orders:3');
  });

  it('leaves an unqualified mapping\'s invocations as they are', async () => {
    const { runtime, calls } = recordingRuntime();
    const qualified = async () => assert.fail('an unqualified mapping resolves nothing');
    await mappingRuntime(runtime, d, undefined, qualified).invoke('orders', { payload: '{}' });
    assert.deepEqual(calls, [{ name: 'orders', invokedFunctionArn: undefined, payload: '{}' }]);
  });

  it('resolves the qualifier at each invocation (an alias may pick another version each time), told the qualified ARN', async () => {
    const { runtime, calls } = recordingRuntime();
    const picks = ['eddy-v1-orders', 'eddy-v2-orders'];
    const asked: string[] = [];
    const invoker = mappingRuntime(runtime, d, 'live', async (name, qualifier) => {
      asked.push(`${name}:${qualifier}`);
      return picks.shift()!;
    });
    await invoker.invoke('orders', { payload: '{"n":1}' });
    await invoker.invoke('orders', { payload: '{"n":2}' });
    assert.deepEqual(asked, ['orders:live', 'orders:live']);
    assert.deepEqual(calls, [
      { name: 'eddy-v1-orders', invokedFunctionArn: `${ARN}:orders:live`, payload: '{"n":1}' },
      { name: 'eddy-v2-orders', invokedFunctionArn: `${ARN}:orders:live`, payload: '{"n":2}' },
    ]);
  });

  it('rejects, invoking nothing, when the qualifier is gone or cannot be resolved', async () => {
    const { runtime, calls } = recordingRuntime();
    const gone = mappingRuntime(runtime, d, 'live', async () => {
      throw new Error(`Function not found: ${ARN}:orders:live`);
    });
    await assert.rejects(gone.invoke('orders', { payload: '{}' }), /Function not found: .*:orders:live/);
    await assert.rejects(mappingRuntime(runtime, d, '3', undefined).invoke('orders', { payload: '{}' }), /orders:3 cannot be resolved here/);
    assert.deepEqual(calls, []);
  });
});
