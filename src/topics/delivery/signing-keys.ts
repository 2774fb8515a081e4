import type { Clock } from '../../shared/clock.js';
import type { TopicDeliveryStore } from '../../storage/topic-delivery-store.js';
import { generateSigningIdentity, loadSigningIdentity, signingCertPath, type SignatureVersion, type SigningContext, type SigningIdentity } from '../messages/index.js';

/**
 * Eddy's SNS signing identity, made once per database (the first node to store one wins; every node and
 * restart loads the same, so certificates in delivered messages stay valid) and only when first needed:
 * generating an RSA key takes a while, and most runs never publish.
 */
export class SigningKeys {
  readonly #store: TopicDeliveryStore;
  readonly #clock: Clock;
  readonly #baseUrl: () => string;
  #identity: Promise<SigningIdentity> | undefined;

  constructor(store: TopicDeliveryStore, clock: Clock, baseUrl: () => string) {
    this.#store = store;
    this.#clock = clock;
    this.#baseUrl = baseUrl;
  }

  identity(): Promise<SigningIdentity> {
    this.#identity ??= this.#store.signingIdentity(() => generateSigningIdentity(this.#clock)).then(loadSigningIdentity);
    this.#identity.catch(() => (this.#identity = undefined)); // a storage error: try again next time
    return this.#identity;
  }

  /** What signed documents need: Eddy's endpoint (for the URLs) and the identity, with the topic's SignatureVersion. */
  async context(signatureVersion?: SignatureVersion): Promise<SigningContext> {
    return { baseUrl: this.#baseUrl(), identity: await this.identity(), ...(signatureVersion !== undefined && { signatureVersion }) };
  }

  /** The certificate's PEM when `path` is its SigningCertURL path (`/_eddy/sns/SimpleNotificationService-<hash>.pem`). */
  async certificateAt(path: string): Promise<string | undefined> {
    const identity = await this.identity();
    return path === signingCertPath(identity) ? identity.certificatePem : undefined;
  }
}
