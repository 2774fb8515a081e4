import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import { QueueDoesNotExistError } from '../../queues/rules/sqs-errors.js';
import { ServiceError } from '../../shared/service-error.js';
import { asTargetFailure } from './target-failure.js';
import { universalTargetOf } from './universal-targets.js';

const refused = (arn: string) => assert.throws(() => universalTargetOf(arn), (error: unknown) => error instanceof ServiceError && error.code === 'ValidationException' && error.message.includes(arn));

describe('universalTargetOf', () => {
  it('reads service and action, the operation in PascalCase; other ARNs are not universal', () => {
    assert.deepEqual(universalTargetOf('arn:aws:scheduler:::aws-sdk:sqs:sendMessage'), { service: 'sqs', action: 'sendMessage', operation: 'SendMessage' });
    assert.deepEqual(universalTargetOf('arn:aws:scheduler:::aws-sdk:dynamodb:batchWriteItem')?.operation, 'BatchWriteItem');
    assert.equal(universalTargetOf('arn:aws:sqs:us-east-1:000000000000:q'), undefined);
    assert.equal(universalTargetOf('arn:aws:scheduler:us-east-1:000000000000:schedule/default/s'), undefined);
  });

  it('refuses the read-only prefixes managing-targets-universal lists, by whole camelCase word', () => {
    for (const action of ['getQueueUrl', 'describeTable', 'listQueues', 'receiveMessage', 'scan', 'query', 'batchGetItem', 'transactGetItems', 'invokeModel', 'get']) {
      refused(`arn:aws:scheduler:::aws-sdk:x:${action}`);
    }
    // A prefix that is not the action's first word does not count.
    for (const action of ['putItem', 'sendMessage', 'readiness', 'listener', 'queryable', 'scanner', 'updateItem', 'transactWriteItems']) {
      assert.ok(universalTargetOf(`arn:aws:scheduler:::aws-sdk:x:${action}`), action);
    }
  });

  it('refuses a malformed universal ARN', () => {
    for (const arn of ['arn:aws:scheduler:::aws-sdk:sqs', 'arn:aws:scheduler:::aws-sdk:SQS:sendMessage', 'arn:aws:scheduler:::aws-sdk:sqs:SendMessage', 'arn:aws:scheduler:::aws-sdk::x']) refused(arn);
  });
});

describe('asTargetFailure', () => {
  it("names an SQS error by its query code and wording, another service's by its code; Eddy's own faults as Scheduler's", () => {
    const missing = asTargetFailure(new QueueDoesNotExistError());
    assert.deepEqual([missing.code, missing.message, missing.retriable], ['AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist for this wsdl version.', true]);
    const validation = asTargetFailure(new ServiceError('com.amazonaws.dynamodb.v20120810#ValidationException', 'bad'));
    assert.deepEqual([validation.code, validation.retriable], ['ValidationException', false]);
    const internal = asTargetFailure(new ServiceError('x#InternalServerError', 'down', 500));
    assert.deepEqual([internal.code, internal.retriable], ['InternalServerError', true]);
    const bug = asTargetFailure(new TypeError('oops'));
    assert.deepEqual([bug.code, bug.message, bug.retriable], ['AWS.Scheduler.InternalServerError', 'Unexpected error occurred while processing the request', true]);
    const kept = new DeliveryFailure('StateMachineDoesNotExist', 'gone', true);
    assert.equal(asTargetFailure(kept), kept);
  });
});
