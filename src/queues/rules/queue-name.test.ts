import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkQueueName } from './queue-name.js';
import { SqsError } from './sqs-errors.js';

const STANDARD = 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length';
const FIFO =
  'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.';

function refused(name: unknown, fifo: boolean, code: string, message: string) {
  assert.throws(() => checkQueueName(name, fifo), (e: unknown) => {
    assert.ok(e instanceof SqsError);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}

describe('checkQueueName', () => {
  it('accepts standard names of 1 to 80 allowed characters', () => {
    for (const name of ['a', 'Orders_2-b', 'x'.repeat(80), '0', '-_-']) assert.equal(checkQueueName(name, false), name);
  });

  it('accepts FIFO names ending .fifo, 80 characters in all', () => {
    for (const name of ['a.fifo', 'orders-1_A.fifo', `${'x'.repeat(75)}.fifo`]) assert.equal(checkQueueName(name, true), name);
  });

  it('refuses bad standard names, .fifo ones included', () => {
    for (const name of ['x'.repeat(81), 'a.b', 'a b', 'é', 'q.fifo', 'a/b', 'a:b']) refused(name, false, 'InvalidParameterValue', STANDARD);
  });

  it('refuses bad FIFO names', () => {
    for (const name of ['orders', '.fifo', `${'x'.repeat(76)}.fifo`, 'a.b.fifo', 'a.FIFO', 'a b.fifo', 'a.fifo.fifo']) {
      refused(name, true, 'InvalidParameterValue', FIFO);
    }
  });

  it('requires a name', () => {
    for (const name of [undefined, '', 5]) refused(name, false, 'MissingParameter', 'The request must contain the parameter QueueName.');
  });
});
