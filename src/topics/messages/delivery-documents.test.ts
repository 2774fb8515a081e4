import assert from 'node:assert/strict';
import { verify, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { subscriptionConfirmation, unsubscribeConfirmation } from './confirmation-documents.js';
import { context, published, subscription, testIdentity, topicArn } from './fixtures/signed-message.js';
import { lambdaEvent, notificationEnvelope } from './notification-envelope.js';
import type { PublishedMessage } from './published-message.js';

const { subject: _subject, ...withoutSubject } = published;
/** The message without Subject and attributes. */
const bare: PublishedMessage = { ...withoutSubject, attributes: {} };

/**
 * What an SNS message validator does (sns-verify-signature-of-message.html), written here from the doc's
 * key lists rather than with string-to-sign.ts: fetch the certificate named by SigningCertURL, build
 * `Key\nValue\n` over the listed keys present, verify SHA1withRSA (v1) or SHA256withRSA (v2).
 */
function validates(document: Record<string, unknown>, certUrlKey = 'SigningCertURL'): boolean {
  const keys = document.Type === 'Notification'
    ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const text = keys.filter((k) => typeof document[k] === 'string').map((k) => `${k}\n${document[k] as string}\n`).join('');
  const url = new URL(document[certUrlKey] as string);
  assert.equal(url.pathname, `/_eddy/sns/${testIdentity.certificateFileName}`, 'the certificate Eddy serves');
  const cert = new X509Certificate(testIdentity.certificatePem);
  const algorithm = document.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1';
  return verify(algorithm, Buffer.from(text, 'utf8'), cert.publicKey, Buffer.from(document.Signature as string, 'base64'));
}

describe('notificationEnvelope (§E.4)', () => {
  it('has the observed keys in order, base64 binary attributes, Eddy URLs, and a signature validators accept', () => {
    const envelope = notificationEnvelope(published, subscription, context);
    assert.deepEqual(Object.keys(envelope), [
      'Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes',
    ]);
    assert.equal(envelope.Timestamp, '2026-03-02T10:15:30.123Z');
    assert.equal(envelope.SignatureVersion, '1');
    assert.equal(envelope.SigningCertURL, `http://127.0.0.1:4566/_eddy/sns/${testIdentity.certificateFileName}`);
    assert.equal(envelope.UnsubscribeURL, `http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn=${subscription.arn}`);
    assert.deepEqual(envelope.MessageAttributes, { kind: { Type: 'String', Value: 'audit' }, blob: { Type: 'Binary', Value: 'AQID' } });
    assert.equal(validates(envelope), true);
    assert.equal(validates({ ...envelope, Message: 'order 43 shipped' }), false);
  });

  it('signs with SHA256withRSA for SignatureVersion 2', () => {
    const envelope = notificationEnvelope(published, subscription, { ...context, signatureVersion: '2' });
    assert.equal(envelope.SignatureVersion, '2');
    assert.equal(validates(envelope), true);
    assert.equal(validates({ ...envelope, SignatureVersion: '1' }), false);
  });

  it('leaves Subject and MessageAttributes out when absent, and the signature still validates', () => {
    const envelope = notificationEnvelope(bare, subscription, context);
    assert.deepEqual(Object.keys(envelope), ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL']);
    assert.equal(validates(envelope), true);
  });

  it('on a FIFO topic puts SequenceNumber after MessageId and carries no signature fields', () => {
    const envelope = notificationEnvelope({ ...published, sequenceNumber: '10000000000000000001', groupId: 'g', dedupId: 'd' }, subscription, context);
    assert.deepEqual(Object.keys(envelope), ['Type', 'MessageId', 'SequenceNumber', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'UnsubscribeURL', 'MessageAttributes']);
  });

  it("with MessageStructure=json sends the protocol's body (default otherwise) and no attributes", () => {
    const structured = { ...published, message: '{…}', structure: { default: 'd', sqs: 'for queues', 'email-json': 'for mail' } };
    const envelope = notificationEnvelope(structured, subscription, context);
    assert.equal(envelope.Message, 'for queues');
    assert.equal('MessageAttributes' in envelope, false);
    assert.equal(notificationEnvelope(structured, { ...subscription, protocol: 'email-json' }, context).Message, 'for mail');
    assert.equal(notificationEnvelope(structured, { ...subscription, protocol: 'https' }, context).Message, 'd');
    assert.equal(validates(envelope), true);
  });
});

describe('lambdaEvent (§E.4)', () => {
  it('is one aws:sns record with the Url spellings, always MessageAttributes, and a validating signature', () => {
    const sub = { arn: subscription.arn, protocol: 'lambda' };
    const event = lambdaEvent(published, sub, context);
    const record = event.Records[0];
    assert.deepEqual(Object.keys(record), ['EventSource', 'EventVersion', 'EventSubscriptionArn', 'Sns']);
    assert.equal(record.EventSource, 'aws:sns');
    assert.equal(record.EventVersion, '1.0');
    assert.equal(record.EventSubscriptionArn, sub.arn);
    const sns = record.Sns as Record<string, unknown>;
    assert.deepEqual(Object.keys(sns), [
      'Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertUrl', 'UnsubscribeUrl', 'MessageAttributes',
    ]);
    assert.deepEqual(sns.MessageAttributes, { kind: { Type: 'String', Value: 'audit' }, blob: { Type: 'Binary', Value: 'AQID' } });
    assert.equal(validates(sns, 'SigningCertUrl'), true);

    const bareSns = lambdaEvent(bare, sub, context).Records[0].Sns as Record<string, unknown>;
    assert.equal(bareSns.Subject, null);
    assert.deepEqual(bareSns.MessageAttributes, {});
    assert.equal(validates(bareSns, 'SigningCertUrl'), true);
  });
});

describe('confirmation documents (§E.4 Confirmations)', () => {
  const facts = { messageId: 'c0ffee00-0000-4000-8000-000000000001', topicArn, token: 'abc123', timestamp: Date.UTC(2026, 2, 2) };

  it('SubscriptionConfirmation: observed keys, Message text, a working SubscribeURL, a validating signature', () => {
    const doc = subscriptionConfirmation(facts, context);
    assert.deepEqual(Object.keys(doc), ['Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL']);
    assert.equal(doc.Type, 'SubscriptionConfirmation');
    assert.equal(doc.Message, `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`);
    assert.equal(doc.SubscribeURL, `http://127.0.0.1:4566/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=abc123`);
    const query = new URL(doc.SubscribeURL as string).searchParams;
    assert.deepEqual([query.get('Action'), query.get('TopicArn'), query.get('Token')], ['ConfirmSubscription', topicArn, 'abc123']);
    assert.equal(validates(doc), true);
    assert.equal(validates({ ...doc, Token: 'other' }), false);
  });

  it('UnsubscribeConfirmation: its Message names the subscription; signed the same way', () => {
    const doc = unsubscribeConfirmation({ ...facts, subscriptionArn: subscription.arn }, { ...context, signatureVersion: '2' });
    assert.equal(doc.Type, 'UnsubscribeConfirmation');
    assert.equal(doc.Message, `You have chosen to deactivate subscription ${subscription.arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`);
    assert.equal(validates(doc), true);
  });
});
