import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { ManualClock } from '../../shared/clock.js';
import { selfSignedCertificate } from './signing-identity.js';
import { generateSigningIdentity, loadSigningIdentity } from './signing-identity.js';

const clock = new ManualClock(Date.UTC(2026, 11, 6, 13, 43, 30, 250));
const stored = generateSigningIdentity(clock);

describe('generateSigningIdentity', () => {
  it('stores PEM texts: a PKCS#8 private key and a certificate', () => {
    assert.match(stored.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    assert.match(stored.certificatePem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
  });

  it("makes a self-signed v3 certificate Node parses and verifies: CN=Eddy SNS, RSA 2048, 10 years from the clock's now", () => {
    const cert = new X509Certificate(stored.certificatePem);
    assert.equal(cert.subject, 'CN=Eddy SNS');
    assert.equal(cert.issuer, 'CN=Eddy SNS');
    assert.equal(cert.verify(cert.publicKey), true);
    assert.equal(cert.publicKey.asymmetricKeyType, 'rsa');
    assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(new Date(cert.validFrom).getTime(), Date.UTC(2026, 11, 6, 13, 43, 30));
    assert.equal(new Date(cert.validTo).getTime(), Date.UTC(2036, 11, 6, 13, 43, 30));
    assert.equal(cert.ca, false);
    assert.equal(cert.checkPrivateKey(loadSigningIdentity(stored).privateKey), true);
    assert.match(cert.serialNumber, /^[4-7][0-9A-F]{31}$/);
  });

  it('is not verified by another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    assert.equal(new X509Certificate(stored.certificatePem).verify(other.publicKey), false);
  });

  it('is accepted by openssl as well-formed DER, when openssl is installed', (t) => {
    let text: string;
    try {
      text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: stored.certificatePem, encoding: 'utf8' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return t.skip('openssl is not installed');
      throw error;
    }
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /Basic Constraints: critical\s+CA:FALSE/);
    assert.match(text, /Key Usage: critical\s+Digital Signature/);
  });

  it('writes GeneralizedTime validity past 2049 that Node still reads', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const der = selfSignedCertificate({ privateKey, publicKey, notBefore: Date.UTC(2045, 0, 1), notAfter: Date.UTC(2055, 0, 1) });
    const cert = new X509Certificate(der);
    assert.equal(new Date(cert.validTo).getTime(), Date.UTC(2055, 0, 1));
    assert.equal(cert.verify(publicKey), true);
  });
});

describe('loadSigningIdentity', () => {
  const identity = loadSigningIdentity(stored);

  it('names the certificate file as AWS does, from the certificate', () => {
    assert.match(identity.certificateFileName, /^SimpleNotificationService-[0-9a-f]{32}\.pem$/);
    assert.equal(loadSigningIdentity(stored).certificateFileName, identity.certificateFileName);
    assert.notEqual(loadSigningIdentity(generateSigningIdentity(clock)).certificateFileName, identity.certificateFileName);
  });

  it('signs v1 with SHA1withRSA and v2 with SHA256withRSA, verifiable with the certificate key', () => {
    const key = createPublicKey(stored.certificatePem);
    const text = 'Message\nhi\nType\nNotification\n';
    const v1 = Buffer.from(identity.sign(text, '1'), 'base64');
    const v2 = Buffer.from(identity.sign(text, '2'), 'base64');
    assert.equal(v1.length, 256);
    assert.equal(verify('RSA-SHA1', Buffer.from(text), key, v1), true);
    assert.equal(verify('RSA-SHA256', Buffer.from(text), key, v1), false);
    assert.equal(verify('RSA-SHA256', Buffer.from(text), key, v2), true);
    assert.equal(verify('RSA-SHA1', Buffer.from(text + 'x'), key, v1), false);
  });

  it('refuses a certificate that is not for the key', () => {
    const other = generateSigningIdentity(clock);
    assert.throws(() => loadSigningIdentity({ privateKeyPem: stored.privateKeyPem, certificatePem: other.certificatePem }), /not for the stored private key/);
  });
});
