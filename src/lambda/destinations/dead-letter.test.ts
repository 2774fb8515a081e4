import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeadLetterTarget } from '../../functions/function-spec.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import { memoryEngine } from '../../storage/sqlite/fixtures/memory-engine.js';
import type { EventInvokeConfig } from '../event-invoke-config.js';
import { EventInvoker } from '../event-invoker.js';
import { deadLetterAttributes } from './dead-letter.js';
import type { MessageAttributes } from './send-record.js';

const deployment = { region: 'us-east-1', account: '000000000000' };
const FAILED = 'arn:aws:sqs:us-east-1:000000000000:failed';
const ERROR = JSON.stringify({ errorType: 'Error', errorMessage: 'carrier API unavailable', trace: ['Error: carrier API unavailable'] });

/** A function `fn` that always fails, with `deadLetter` as its DeadLetterConfig; what the ports were sent. */
async function failingFunction(deadLetter: DeadLetterTarget | undefined, config?: EventInvokeConfig) {
  const clock = new ManualClock();
  const engine = memoryEngine(() => clock.now());
  if (config) await engine.eventInvokeConfigs.write<EventInvokeConfig>('fn', '$LATEST', 0, () => config);
  const sent: { port: string; arn: string; body: string; attributes?: MessageAttributes }[] = [];
  let attempts = 0;
  const invoker = new EventInvoker({
    runtime: {
      get: () => ({ spec: { ...(deadLetter && { deadLetter }) } }) as never,
      invoke: async (_name, request) => {
        attempts++;
        return { requestId: request.requestId!, payload: ERROR, functionError: 'Unhandled' } as never;
      },
    },
    store: engine.asyncInvocations,
    configs: engine.eventInvokeConfigs,
    destinations: {
      queue: async (arn, body, attributes) => void sent.push({ port: 'queue', arn, body, ...(attributes && { attributes }) }),
      topic: async (arn, body, attributes) => void sent.push({ port: 'topic', arn, body, ...(attributes && { attributes }) }),
      bus: async () => {},
    },
    clock,
    logger: silentLogger,
    deployment,
    retryDelaysMs: [0, 0],
  });
  return {
    sent,
    attempts: () => attempts,
    /** Enqueues one event and runs it to the end; returns its request id. */
    async run(payload: string): Promise<string> {
      const requestId = await invoker.enqueue('fn', payload);
      await invoker.runDue();
      await invoker.close();
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), []);
      await engine.close();
      return requestId;
    },
  };
}

describe('EventInvoker: the function dead-letter queue', () => {
  it('sends the event, unchanged, with RequestID, ErrorCode and ErrorMessage once the retries are exhausted', async () => {
    const fn = await failingFunction({ queue: 'dlq' });
    const requestId = await fn.run('{"orderId":42}');
    assert.equal(fn.attempts(), 3);
    assert.deepEqual(fn.sent, [
      {
        port: 'queue',
        arn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
        body: '{"orderId":42}',
        attributes: {
          RequestID: { DataType: 'String', StringValue: requestId },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: 'carrier API unavailable' },
        },
      },
    ]);
  });

  it('publishes to a dead-letter topic, and a destination on failure gets its record too', async () => {
    const fn = await failingFunction({ topic: 'alerts' }, { MaximumRetryAttempts: 0, DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: FAILED } } });
    await fn.run('{"n":1}');
    assert.equal(fn.attempts(), 1);
    assert.deepEqual(fn.sent.map(({ port, arn, body }) => [port, arn, port === 'topic' ? body : JSON.parse(body).requestContext.condition]), [
      ['topic', 'arn:aws:sns:us-east-1:000000000000:alerts', '{"n":1}'],
      ['queue', FAILED, 'RetriesExhausted'],
    ]);
  });

  it('sends nothing without a dead-letter queue', async () => {
    const fn = await failingFunction(undefined, { MaximumRetryAttempts: 0, DestinationConfig: { OnSuccess: {}, OnFailure: {} } });
    await fn.run('{}');
    assert.deepEqual(fn.sent, []);
  });

  it('truncates the error message to 1 KB, and names the condition of an event never attempted', () => {
    const long = JSON.stringify({ errorMessage: 'é'.repeat(600) });
    const message = deadLetterAttributes('r', { requestId: 'r', payload: long, functionError: 'Unhandled' }, 'RetriesExhausted')['ErrorMessage']!.StringValue;
    assert.equal(message, 'é'.repeat(512));
    assert.equal(deadLetterAttributes('r', undefined, 'EventAgeExceeded')['ErrorMessage']!.StringValue, 'EventAgeExceeded');
  });
});
