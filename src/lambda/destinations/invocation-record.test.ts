import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invocationRecord } from './invocation-record.js';

const base = {
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:notify:$LATEST',
  requestId: 'event-id',
  now: Date.UTC(2026, 2, 14, 10, 7, 44, 19),
};

describe('invocationRecord', () => {
  it("is a failure record with the last attempt's request id and error, members in AWS's order", () => {
    const text = invocationRecord({
      ...base,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      requestPayload: '{"orderId":"ord-7781"}',
      response: { requestId: 'attempt-3', payload: '{"errorType":"Error","errorMessage":"boom","trace":["Error: boom"]}', functionError: 'Unhandled' },
    });
    assert.equal(
      text,
      '{"version":"1.0","timestamp":"2026-03-14T10:07:44.019Z",' +
        '"requestContext":{"requestId":"attempt-3","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:notify:$LATEST","condition":"RetriesExhausted","approximateInvokeCount":3},' +
        '"requestPayload":{"orderId":"ord-7781"},' +
        '"responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},' +
        '"responsePayload":{"errorType":"Error","errorMessage":"boom","trace":["Error: boom"]}}',
    );
  });

  it('has no functionError on success, and keeps payload numbers as written', () => {
    const record = invocationRecord({
      ...base,
      condition: 'Success',
      approximateInvokeCount: 1,
      requestPayload: '{"big":12345678901234567890123}',
      response: { requestId: 'attempt-1', payload: '12345678901234567890.5' },
    });
    assert.match(record, /"requestPayload":\{"big":12345678901234567890123\}/);
    assert.match(record, /"responsePayload":12345678901234567890\.5\}$/);
    assert.deepEqual(JSON.parse(record).responseContext, { statusCode: 200, executedVersion: '$LATEST' });
  });

  it('shows a blank event as {} and, with no attempt made, no response', () => {
    const record = JSON.parse(invocationRecord({ ...base, condition: 'EventAgeExceeded', approximateInvokeCount: 0, requestPayload: ' ' }));
    assert.deepEqual(record.requestPayload, {});
    assert.equal(record.requestContext.requestId, 'event-id');
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload']);
  });
});
