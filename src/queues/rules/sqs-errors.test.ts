import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ServiceError } from '../../shared/service-error.js';
import { SqsError, sqsErrors } from './sqs-errors.js';

/** What the official SDK makes of an error sent as SQS sends it (JSON body + x-amzn-query-error). */
async function asSdkSees(error: SqsError) {
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint: 'http://localhost:1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: error.statusCode,
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': error.queryErrorHeader },
          body: Readable.from([Buffer.from(JSON.stringify({ __type: error.type, message: error.message }))]),
        },
      }),
    },
  });
  try {
    await client.send(new GetQueueUrlCommand({ QueueName: 'q' }));
  } catch (caught) {
    const e = caught as Error & { $fault: string; $metadata: { httpStatusCode: number } };
    return { name: e.name, className: e.constructor.name, message: e.message, fault: e.$fault, status: e.$metadata.httpStatusCode };
  } finally {
    client.destroy();
  }
  throw new Error('expected the call to fail');
}

describe('SqsError', () => {
  it('is a ServiceError carrying the query code and fault', () => {
    const e = sqsErrors.queueDoesNotExist();
    assert.ok(e instanceof ServiceError);
    assert.equal(e.type, 'com.amazonaws.sqs#QueueDoesNotExist');
    assert.equal(e.code, 'QueueDoesNotExist');
    assert.equal(e.message, 'The specified queue does not exist.');
    assert.equal(e.statusCode, 400);
    assert.equal(e.queryCode, 'AWS.SimpleQueueService.NonExistentQueue');
    assert.equal(e.fault, 'Sender');
    assert.equal(e.queryErrorHeader, 'AWS.SimpleQueueService.NonExistentQueue;Sender');
    assert.deepEqual(e.headers, { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' });
  });

  it('can be a Receiver fault', () => {
    const e = sqsErrors.internalError();
    assert.equal(e.type, 'com.amazonaws.sqs#InternalError');
    assert.equal(e.statusCode, 500);
    assert.equal(e.message, 'We encountered an internal error. Please try again.');
    assert.equal(e.queryErrorHeader, 'InternalError;Receiver');
    assert.equal(sqsErrors.internalError('boom').message, 'boom');
  });
});

describe('sqsErrors: shapes, query codes, statuses and messages', () => {
  const cases: [SqsError, string, string, number, string][] = [
    [sqsErrors.queueNameExists('q', 'DelaySeconds'), 'QueueNameExists', 'QueueAlreadyExists', 400,
      'A queue already exists with the same name and a different value for attribute DelaySeconds'],
    [sqsErrors.queueNameExists('q'), 'QueueNameExists', 'QueueAlreadyExists', 400, 'A queue named q already exists with different attributes.'],
    [sqsErrors.invalidParameterValue('m'), 'InvalidParameterValue', 'InvalidParameterValue', 400, 'm'],
    [sqsErrors.missingParameter('m'), 'MissingParameter', 'MissingParameter', 400, 'm'],
    [sqsErrors.missingRequiredParameter('QueueName'), 'MissingParameter', 'MissingParameter', 400,
      'The request must contain the parameter QueueName.'],
    [sqsErrors.invalidAttributeName('m'), 'InvalidAttributeName', 'InvalidAttributeName', 400, 'm'],
    [sqsErrors.unknownAttribute('Foo'), 'InvalidAttributeName', 'InvalidAttributeName', 400, 'Unknown Attribute Foo.'],
    [sqsErrors.invalidAttributeValue('m'), 'InvalidAttributeValue', 'InvalidAttributeValue', 400, 'm'],
    [sqsErrors.badAttributeValue('VisibilityTimeout'), 'InvalidAttributeValue', 'InvalidAttributeValue', 400,
      'Invalid value for the parameter VisibilityTimeout.'],
    [sqsErrors.receiptHandleIsInvalid('m'), 'ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404, 'm'],
    [sqsErrors.messageNotInflight(), 'MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', 400,
      "The specified message isn't in flight."],
    [sqsErrors.batchEntryIdsNotDistinct('a'), 'BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400, 'Id a repeated.'],
    [sqsErrors.batchEntryIdsNotDistinct(), 'BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400,
      'Two or more batch entries in the request have the same Id.'],
    [sqsErrors.emptyBatchRequest(), 'EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 400,
      'There should be at least one SendMessageBatchRequestEntry in the request.'],
    [sqsErrors.emptyBatchRequest('DeleteMessageBatchRequestEntry'), 'EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 400,
      'There should be at least one DeleteMessageBatchRequestEntry in the request.'],
    [sqsErrors.tooManyEntriesInBatchRequest(11), 'TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400,
      'Maximum number of entries per request are 10. You have sent 11.'],
    [sqsErrors.invalidBatchEntryId(), 'InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId', 400,
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'],
    [sqsErrors.batchRequestTooLong('m'), 'BatchRequestTooLong', 'AWS.SimpleQueueService.BatchRequestTooLong', 400, 'm'],
    [sqsErrors.invalidMessageContents('m'), 'InvalidMessageContents', 'InvalidMessageContents', 400, 'm'],
    [sqsErrors.purgeQueueInProgress('q'), 'PurgeQueueInProgress', 'AWS.SimpleQueueService.PurgeQueueInProgress', 403,
      'Only one PurgeQueue operation on q is allowed every 60 seconds.'],
    [sqsErrors.resourceNotFound('m'), 'ResourceNotFoundException', 'ResourceNotFoundException', 404, 'm'],
    [sqsErrors.unsupportedOperation('m'), 'UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400, 'm'],
    [sqsErrors.overLimit('m'), 'OverLimit', 'OverLimit', 403, 'm'],
    [sqsErrors.queueDeletedRecently(), 'QueueDeletedRecently', 'AWS.SimpleQueueService.QueueDeletedRecently', 400,
      'You must wait 60 seconds after deleting a queue before you can create another queue with the same name.'],
    [sqsErrors.invalidAddress('m'), 'InvalidAddress', 'InvalidAddress', 404, 'm'],
    [sqsErrors.invalidSecurity('m'), 'InvalidSecurity', 'InvalidSecurity', 403, 'm'],
    [sqsErrors.requestThrottled('m'), 'RequestThrottled', 'RequestThrottled', 403, 'm'],
    [sqsErrors.invalidIdFormat(), 'InvalidIdFormat', 'InvalidIdFormat', 400, "The specified receipt handle isn't valid for the current version."],
  ];
  for (const [error, shape, queryCode, status, message] of cases) {
    it(`${shape} (${queryCode})`, () => {
      assert.equal(error.type, `com.amazonaws.sqs#${shape}`);
      assert.equal(error.queryCode, queryCode);
      assert.equal(error.statusCode, status);
      assert.equal(error.message, message);
      assert.equal(error.fault, 'Sender');
    });
  }
});

describe('the official SDK recognises each error', () => {
  const modelled: [SqsError, string, number][] = [
    [sqsErrors.queueDoesNotExist(), 'QueueDoesNotExist', 400],
    [sqsErrors.queueNameExists('q', 'DelaySeconds'), 'QueueNameExists', 400],
    [sqsErrors.invalidAttributeName('m'), 'InvalidAttributeName', 400],
    [sqsErrors.invalidAttributeValue('m'), 'InvalidAttributeValue', 400],
    [sqsErrors.receiptHandleIsInvalid('m'), 'ReceiptHandleIsInvalid', 404],
    [sqsErrors.messageNotInflight(), 'MessageNotInflight', 400],
    [sqsErrors.batchEntryIdsNotDistinct('a'), 'BatchEntryIdsNotDistinct', 400],
    [sqsErrors.emptyBatchRequest(), 'EmptyBatchRequest', 400],
    [sqsErrors.tooManyEntriesInBatchRequest(11), 'TooManyEntriesInBatchRequest', 400],
    [sqsErrors.invalidBatchEntryId(), 'InvalidBatchEntryId', 400],
    [sqsErrors.batchRequestTooLong('m'), 'BatchRequestTooLong', 400],
    [sqsErrors.invalidMessageContents('m'), 'InvalidMessageContents', 400],
    [sqsErrors.purgeQueueInProgress('q'), 'PurgeQueueInProgress', 403],
    [sqsErrors.resourceNotFound('m'), 'ResourceNotFoundException', 404],
    [sqsErrors.unsupportedOperation('m'), 'UnsupportedOperation', 400],
    [sqsErrors.overLimit('m'), 'OverLimit', 403],
    [sqsErrors.queueDeletedRecently(), 'QueueDeletedRecently', 400],
    [sqsErrors.invalidAddress('m'), 'InvalidAddress', 404],
    [sqsErrors.requestThrottled('m'), 'RequestThrottled', 403],
    [sqsErrors.invalidIdFormat(), 'InvalidIdFormat', 400],
  ];
  for (const [error, className, status] of modelled) {
    it(`as ${className}`, async () => {
      const seen = await asSdkSees(error);
      assert.equal(seen.className, className);
      assert.equal(seen.name, className);
      assert.equal(seen.status, status);
      assert.equal(seen.fault, 'client');
      // MessageNotInflight and InvalidIdFormat have no message member in the model; the SDK keeps the body's text anyway.
      assert.equal(seen.message, error.message);
    });
  }

  it('an unmodelled InvalidParameterValue arrives as SQSServiceException named by its query code', async () => {
    const seen = await asSdkSees(sqsErrors.invalidParameterValue('Value 11 for parameter MaxNumberOfMessages is invalid.'));
    assert.equal(seen.className, 'SQSServiceException');
    assert.equal(seen.name, 'InvalidParameterValue');
    assert.equal(seen.message, 'Value 11 for parameter MaxNumberOfMessages is invalid.');
  });

  it('an InternalError is a server fault the SDK names by its query code', async () => {
    const seen = await asSdkSees(sqsErrors.internalError());
    assert.equal(seen.name, 'InternalError');
    assert.equal(seen.status, 500);
    assert.equal(seen.fault, 'server');
  });

  it('so does MissingParameter', async () => {
    const seen = await asSdkSees(sqsErrors.missingRequiredParameter('MessageBody'));
    assert.equal(seen.className, 'SQSServiceException');
    assert.equal(seen.name, 'MissingParameter');
    assert.equal(seen.message, 'The request must contain the parameter MessageBody.');
  });
});
