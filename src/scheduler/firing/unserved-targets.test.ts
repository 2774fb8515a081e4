import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '../../shared/logger.js';
import { UnservedTargets } from './unserved-targets.js';

describe('UnservedTargets', () => {
  it("fails each target of an unserved service with its API's not-found error, retried, and logs once per service", () => {
    const lines: string[] = [];
    const logger: Logger = { info() {}, debug() {}, error() {}, warn: (line) => lines.push(line) };
    const unserved = new UnservedTargets(logger);
    const machine = 'arn:aws:states:us-east-1:000000000000:stateMachine:orders';
    for (let i = 0; i < 3; i++) {
      const failure = unserved.failureFor(machine)!;
      assert.deepEqual([failure.code, failure.message, failure.retriable], ['StateMachineDoesNotExist', `State Machine Does Not Exist: '${machine}'`, true]);
    }
    const stream = unserved.failureFor('arn:aws:kinesis:us-east-1:000000000000:stream/clicks')!;
    assert.deepEqual([stream.code, stream.message], ['ResourceNotFoundException', 'Stream clicks under account 000000000000 not found.']);
    assert.equal(unserved.failureFor('arn:aws:ecs:us-east-1:000000000000:cluster/c')!.code, 'ClusterNotFoundException');
    assert.equal(unserved.failureFor('arn:aws:iot:us-east-1:000000000000:thing/x'), undefined);
    assert.deepEqual(lines.map((line) => line.slice(0, line.indexOf(' is not served'))), ['scheduler: Step Functions', 'scheduler: Kinesis Data Streams', 'scheduler: ECS']);
  });
});
