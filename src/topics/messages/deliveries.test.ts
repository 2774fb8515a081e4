import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context, published, subscription } from './fixtures/signed-message.js';
import { headerContentTypeOf, httpHeaders, httpNotification } from './http-delivery.js';
import type { MessageAttribute } from './message-attributes.js';
import { sqsDelivery } from './sqs-delivery.js';

const sqs = (raw: boolean, fifoQueue = false) => ({ ...subscription, rawMessageDelivery: raw, fifoQueue });

describe('sqsDelivery (§E.4, §E.3 FIFO)', () => {
  it('sends the envelope as body with no SQS attributes', () => {
    const result = sqsDelivery(published, sqs(false), context);
    assert.ok(result.ok);
    const body = JSON.parse(result.value.body) as Record<string, unknown>;
    assert.equal(body.Type, 'Notification');
    assert.equal(body.Message, 'order 42 shipped');
    assert.deepEqual(result.value.messageAttributes, {});
  });

  it('raw: the body and the attributes as DataType / StringValue / BinaryValue', () => {
    const result = sqsDelivery(published, sqs(true), context);
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      body: 'order 42 shipped',
      messageAttributes: { kind: { DataType: 'String', StringValue: 'audit' }, blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]) } },
    });
  });

  it('raw with more than 10 attributes is a client error; 10 pass', () => {
    const many = (n: number): Record<string, MessageAttribute> =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, { dataType: 'Number', stringValue: `${i}` }]));
    assert.equal(sqsDelivery({ ...published, attributes: many(10) }, sqs(true), context).ok, true);
    const over = sqsDelivery({ ...published, attributes: many(11) }, sqs(true), context);
    assert.equal(over.ok, false);
    assert.match((over as { reason: string }).reason, /at most 10 message attributes; this message has 11/);
  });

  it('keeps group and dedup ids for a FIFO queue; a standard queue gets the group id only', () => {
    const fifoMessage = { ...published, sequenceNumber: '1', groupId: 'g', dedupId: 'd' };
    const toFifo = sqsDelivery(fifoMessage, sqs(true, true), context);
    assert.ok(toFifo.ok);
    assert.deepEqual([toFifo.value.messageGroupId, toFifo.value.messageDeduplicationId], ['g', 'd']);
    const toStandard = sqsDelivery(fifoMessage, sqs(false, false), context);
    assert.ok(toStandard.ok);
    assert.deepEqual([toStandard.value.messageGroupId, 'messageDeduplicationId' in toStandard.value], ['g', false]);
  });
});

describe('HTTP delivery (§E.4 HTTP/S headers)', () => {
  it('posts the envelope with the SNS headers and text/plain', () => {
    const { headers, body } = httpNotification(published, { ...subscription, protocol: 'https', rawMessageDelivery: false }, context);
    assert.deepEqual(headers, {
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': published.messageId,
      'x-amz-sns-topic-arn': published.topicArn,
      'x-amz-sns-subscription-arn': subscription.arn,
      'Content-Type': 'text/plain; charset=UTF-8',
      'User-Agent': 'Amazon Simple Notification Service Agent',
      'Accept-Encoding': 'gzip,deflate',
    });
    assert.equal((JSON.parse(body) as { MessageId: string }).MessageId, published.messageId);
  });

  it('raw: the message as body, the rawdelivery header, the requestPolicy content type', () => {
    const { headers, body } = httpNotification(published, { ...subscription, protocol: 'http', rawMessageDelivery: true, headerContentType: 'text/csv' }, context);
    assert.equal(body, 'order 42 shipped');
    assert.equal(headers['x-amz-sns-rawdelivery'], 'true');
    assert.equal(headers['Content-Type'], 'text/csv');
  });

  it('leaves the subscription ARN off a SubscriptionConfirmation', () => {
    const headers = httpHeaders({ messageType: 'SubscriptionConfirmation', messageId: 'm', topicArn: 't', subscriptionArn: 's' });
    assert.equal('x-amz-sns-subscription-arn' in headers, false);
    assert.equal(httpHeaders({ messageType: 'UnsubscribeConfirmation', messageId: 'm', topicArn: 't', subscriptionArn: 's' })['x-amz-sns-subscription-arn'], 's');
  });

  it('reads headerContentType from either delivery policy form', () => {
    assert.equal(headerContentTypeOf({ requestPolicy: { headerContentType: 'application/json' } }), 'application/json');
    assert.equal(headerContentTypeOf({ http: { defaultRequestPolicy: { headerContentType: 'text/csv' } } }), 'text/csv');
    assert.equal(headerContentTypeOf({ healthyRetryPolicy: null }), undefined);
    assert.equal(headerContentTypeOf(undefined), undefined);
  });
});
