import assert from 'node:assert/strict';
import { createVerify } from 'node:crypto';
import { describe, it } from 'node:test';
import { context, published, subscription, testIdentity } from './fixtures/signed-message.js';
import { notificationEnvelope, presignNotifications } from './notification-envelope.js';
import type { SigningContext } from './published-message.js';
import type { SigningIdentity } from './signing-identity.js';
import { stringToSign } from './string-to-sign.js';

/** The test identity, counting the signatures made on the event loop. */
function counting(): { identity: SigningIdentity; synchronous: () => number } {
  let calls = 0;
  const identity = Object.create(testIdentity) as SigningIdentity;
  identity.sign = (text, version) => (calls++, testIdentity.sign(text, version));
  return { identity, synchronous: () => calls };
}

describe('presignNotifications', () => {
  it('signs each message once, off the event loop: its envelopes for every subscription then sign nothing', async () => {
    const { identity, synchronous } = counting();
    const signing: SigningContext & { signatures: Map<string, string> } = { ...context, identity, signatures: new Map() };
    await presignNotifications(published, ['sqs'], signing, false);
    assert.equal(signing.signatures.size, 1);
    const envelopes = [1, 2, 3].map((n) => notificationEnvelope(published, { ...subscription, arn: `${subscription.arn}${n}` }, signing));
    assert.equal(synchronous(), 0);
    for (const envelope of envelopes) {
      assert.equal(envelope.Signature, envelopes[0]!.Signature);
      const verify = createVerify('sha1');
      verify.update(stringToSign(envelope));
      assert.equal(verify.verify(testIdentity.publicKey, envelope.Signature as string, 'base64'), true);
    }
    assert.notEqual(envelopes[0]!.UnsubscribeURL, envelopes[1]!.UnsubscribeURL);
  });

  it('without signatures made ahead, the copies of one message still share one signature; a FIFO topic signs nothing', async () => {
    const { identity, synchronous } = counting();
    const signing = { ...context, identity, signatures: new Map<string, string>() };
    notificationEnvelope(published, subscription, signing);
    notificationEnvelope(published, { ...subscription, arn: `${subscription.arn}2` }, signing);
    assert.equal(synchronous(), 1);
    await presignNotifications(published, ['sqs'], signing, true);
    assert.equal(signing.signatures.size, 1);
  });

  it('a version 2 topic gets SHA256withRSA signatures made ahead', async () => {
    const signing = { ...context, signatureVersion: '2' as const, signatures: new Map<string, string>() };
    await presignNotifications(published, ['sqs'], signing, false);
    const envelope = notificationEnvelope(published, subscription, signing);
    const verify = createVerify('sha256');
    verify.update(stringToSign(envelope));
    assert.equal(verify.verify(testIdentity.publicKey, envelope.Signature as string, 'base64'), true);
  });
});
