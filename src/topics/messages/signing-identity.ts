import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import {
  bitString, boolean, explicit, nullValue, objectIdentifier, octetString, sequence, set, smallInteger, unsignedInteger, utf8String, x509Time,
} from './der.js';

/** The stored form of Eddy's SNS signing identity: PEM texts, so several nodes can share it through the database. */
export interface StoredSigningIdentity {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/** The certificate's subject and issuer (self-signed). */
export const SIGNING_CERT_SUBJECT = 'Eddy SNS';
const VALID_YEARS = 10;

/**
 * Makes Eddy's SNS signing identity once (§E.4 Signature: "an emulator must serve its own certificate at
 * SigningCertURL"): an RSA 2048 key and a self-signed X.509 v3 certificate for it, CN=Eddy SNS, valid from
 * the clock's now for 10 years, signed sha256WithRSAEncryption. The caller stores the result and loads it
 * with loadSigningIdentity on every start and node.
 */
export function generateSigningIdentity(clock: Clock): StoredSigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const notBefore = clock.now();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + VALID_YEARS);
  const der = selfSignedCertificate({ privateKey, publicKey, notBefore, notAfter: notAfter.getTime() });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem: pem('CERTIFICATE', der),
  };
}

const SHA256_WITH_RSA = sequence(objectIdentifier('1.2.840.113549.1.1.11'), nullValue());

/** The DER of a self-signed v3 certificate (RFC 5280 §4.1) for `publicKey`, signed by `privateKey`. */
export function selfSignedCertificate(options: {
  privateKey: KeyObject;
  publicKey: KeyObject;
  notBefore: number;
  notAfter: number;
  commonName?: string;
}): Buffer {
  const name = sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(options.commonName ?? SIGNING_CERT_SUBJECT))));
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x3f) | 0x40; // positive, 16 bytes, no leading zero (RFC 5280: ≤ 20 octets)
  const spki = options.publicKey.export({ type: 'spki', format: 'der' });
  const extensions = sequence(
    // basicConstraints, critical, cA FALSE (an empty SEQUENCE): a signing certificate, not an authority.
    sequence(objectIdentifier('2.5.29.19'), boolean(true), octetString(sequence())),
    // keyUsage, critical, digitalSignature (bit 0): BIT STRING with 7 unused bits, 0x80.
    sequence(objectIdentifier('2.5.29.15'), boolean(true), octetString(Buffer.from([0x03, 0x02, 0x07, 0x80]))),
    // subjectKeyIdentifier: SHA-1 of the key's BIT STRING contents is the usual method; SHA-1 of the SPKI is as good an id.
    sequence(objectIdentifier('2.5.29.14'), octetString(octetString(createHash('sha1').update(spki).digest()))),
  );
  const tbs = sequence(
    explicit(0, smallInteger(2)), // version v3
    unsignedInteger(serial),
    SHA256_WITH_RSA,
    name, // issuer
    sequence(x509Time(options.notBefore), x509Time(options.notAfter)),
    name, // subject
    spki,
    explicit(3, extensions),
  );
  return sequence(tbs, SHA256_WITH_RSA, bitString(sign('sha256', tbs, options.privateKey)));
}

function pem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A loaded signing identity: signs strings to sign and names the certificate's file. */
export class SigningIdentity {
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
  readonly certificate: X509Certificate;
  /** `SimpleNotificationService-<32 hex>.pem`, as AWS names its certificates; the hex is the certificate's SHA-256, cut. */
  readonly certificateFileName: string;

  constructor(stored: StoredSigningIdentity) {
    this.privateKey = createPrivateKey(stored.privateKeyPem);
    this.certificatePem = stored.certificatePem;
    this.certificate = new X509Certificate(stored.certificatePem);
    if (!this.certificate.checkPrivateKey(this.privateKey)) throw new Error('the SNS signing certificate is not for the stored private key');
    this.certificateFileName = `SimpleNotificationService-${createHash('sha256').update(this.certificate.raw).digest('hex').slice(0, 32)}.pem`;
  }

  /** The public key in the certificate, which validators use. */
  get publicKey(): KeyObject {
    return createPublicKey(this.certificatePem);
  }

  /** The base64 Signature of `stringToSign`: SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA (§E.4 Signature [D][M]). */
  sign(stringToSign: string, signatureVersion: SignatureVersion): string {
    return sign(signatureVersion === '2' ? 'sha256' : 'sha1', Buffer.from(stringToSign, 'utf8'), this.privateKey).toString('base64');
  }

  /** `sign` on libuv's thread pool: an RSA signature takes ~0.3 ms of CPU, which the event loop need not wait on. */
  signAsync(stringToSign: string, signatureVersion: SignatureVersion): Promise<string> {
    return new Promise((resolve, reject) =>
      sign(signatureVersion === '2' ? 'sha256' : 'sha1', Buffer.from(stringToSign, 'utf8'), this.privateKey, (error, signature) =>
        error ? reject(error) : resolve(signature.toString('base64')),
      ),
    );
  }
}

/** A topic's SignatureVersion: absent means 1 (§E.3). */
export type SignatureVersion = '1' | '2';

/** Loads a stored identity; throws when the PEM texts do not parse or do not belong together (a corrupt store is a bug, not input). */
export function loadSigningIdentity(stored: StoredSigningIdentity): SigningIdentity {
  return new SigningIdentity(stored);
}
