import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { Credentials } from '../../shared/credentials.js';
import { canonicalRequest, sha256Hex, type SignedRequest } from './canonical-request.js';
import { ALGORITHM, amzDateOf, msOfAmzDate, readSignatureInput, type SignatureInput } from './signature-input.js';
import { SIGNATURE_MISMATCH, sigv4Errors } from './sigv4-errors.js';
import { checkSessionToken } from './session-token.js';
import { signingKey } from './sign-request.js';

/** How far a signature's time may be from the server's, either way (AWS's window). */
const SKEW_MS = 5 * 60_000;

/**
 * Checks requests' SigV4 signatures. A request with none is MissingAuthenticationTokenException, one
 * that is not a SigV4 signature IncompleteSignatureException, as DynamoDB answers. With credentials
 * configured, it must also verify against one of them — its access key known
 * (UnrecognizedClientException), its session token the key's (session-token.ts), its time within five minutes of the Clock's (or within X-Amz-Expires of a
 * presigned request), its value what the secret key gives (InvalidSignatureException); without, any
 * well-formed signature is accepted (the local default: the SDKs need some credentials, any will do).
 */
export class SigV4Verifier {
  readonly #keys: ReadonlyMap<string, Credentials>;
  readonly #clock: Clock;
  /** The region a credential scope must name (this Eddy's); undefined: any. */
  readonly #region: string | undefined;
  /** Derived signing keys by secret, date, region and service (one a day per client, not four HMACs a request). */
  readonly #signingKeys = new Map<string, Buffer>();

  constructor(credentials: readonly Credentials[], clock: Clock, region?: string) {
    this.#keys = new Map(credentials.map((c) => [c.accessKeyId, c]));
    this.handlerCredentials = credentials[0];
    this.#clock = clock;
    this.#region = region;
  }

  /** The pair handlers sign with (the first configured), so their SDK calls verify; undefined: any will do. */
  readonly handlerCredentials: Credentials | undefined;

  /** Whether signatures are verified (credentials were configured), not only checked for their form. */
  get verifying(): boolean {
    return this.#keys.size > 0;
  }

  /** Whether `secretAccessKey` is the secret of the configured key `accessKeyId` (the console's sign-in), compared in constant time. */
  knows(accessKeyId: string, secretAccessKey: string): boolean {
    const key = this.#keys.get(accessKeyId);
    const given = createHash('sha256').update(secretAccessKey).digest();
    return key !== undefined && timingSafeEqual(createHash('sha256').update(key.secretAccessKey).digest(), given);
  }

  /**
   * Before the body is read, verifying or not: a request must carry a signature
   * (MissingAuthenticationTokenException) in SigV4's form (IncompleteSignatureException); what it claims
   * is returned for `verify`.
   */
  checkForm(headers: SignedRequest['headers'], query: URLSearchParams): SignatureInput {
    const input = readSignatureInput(headers, query);
    if (input === undefined) throw sigv4Errors.missingToken();
    return input;
  }

  /**
   * Verifies `request`'s signature (checkForm's answer); throws the service error AWS answers. `service`
   * is the signing name the credential scope must name (`dynamodb`, `sqs`, …), and its region must be this
   * Eddy's; undefined: any service and region (the admin API, which the `eddy` commands sign).
   */
  verify(request: SignedRequest, input: SignatureInput | undefined, service?: string): void {
    if (!this.verifying || input === undefined) return;
    const key = this.#keys.get(input.accessKeyId);
    if (key === undefined) throw sigv4Errors.unrecognizedClient();
    checkSessionToken(input, key.sessionToken);
    if (!input.signedHeaders.includes('host') && !input.signedHeaders.includes(':authority')) {
      throw sigv4Errors.invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (input.amzDate.slice(0, 8) !== input.scopeDate) {
      throw sigv4Errors.invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${input.scopeDate}' != '${input.amzDate.slice(0, 8)}', from '${input.amzDate}'.`,
      );
    }
    // Recorded from DynamoDB, trailing space included (other services' wording unconfirmed).
    if (service !== undefined && input.service !== service) throw sigv4Errors.invalidSignature(`Credential should be scoped to correct service: '${service}'. `);
    if (service !== undefined && this.#region !== undefined && input.region !== this.#region) throw sigv4Errors.invalidSignature('Credential should be scoped to a valid region. ');
    this.#checkTime(input);
    const scope = `${input.scopeDate}/${input.region}/${input.service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${input.amzDate}\n${scope}\n${sha256Hex(canonicalRequest(request, input.signedHeaders, input.presigned))}`;
    const expected = createHmac('sha256', this.#signingKey(key.secretAccessKey, input)).update(stringToSign).digest();
    const given = /^[0-9a-f]{64}$/.test(input.signature) ? Buffer.from(input.signature, 'hex') : undefined;
    if (given === undefined || !timingSafeEqual(expected, given)) throw sigv4Errors.invalidSignature(SIGNATURE_MISMATCH);
  }

  #checkTime(input: SignatureInput): void {
    const now = this.#clock.now();
    const signedAt = msOfAmzDate(input.amzDate);
    if (input.presigned && input.expiresSeconds !== undefined) {
      if (now > signedAt + input.expiresSeconds * 1000) {
        throw sigv4Errors.invalidSignature(`Signature expired: ${input.amzDate} is now earlier than ${amzDateOf(now - input.expiresSeconds * 1000)} (${amzDateOf(now)} - ${input.expiresSeconds} sec.)`);
      }
      if (signedAt > now + SKEW_MS) throw notYet(input.amzDate, now);
      return;
    }
    if (signedAt < now - SKEW_MS) {
      throw sigv4Errors.invalidSignature(`Signature expired: ${input.amzDate} is now earlier than ${amzDateOf(now - SKEW_MS)} (${amzDateOf(now)} - 5 min.)`);
    }
    if (signedAt > now + SKEW_MS) throw notYet(input.amzDate, now);
  }

  #signingKey(secret: string, input: SignatureInput): Buffer {
    const cacheKey = `${secret}\u0000${input.scopeDate}\u0000${input.region}\u0000${input.service}`;
    let key = this.#signingKeys.get(cacheKey);
    if (key === undefined) {
      key = signingKey(secret, input.scopeDate, input.region, input.service);
      if (this.#signingKeys.size >= 1024) this.#signingKeys.clear();
      this.#signingKeys.set(cacheKey, key);
    }
    return key;
  }
}

const notYet = (amzDate: string, now: number) =>
  sigv4Errors.invalidSignature(`Signature not yet current: ${amzDate} is still later than ${amzDateOf(now + SKEW_MS)} (${amzDateOf(now)} + 5 min.)`);
