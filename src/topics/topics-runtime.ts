import { join } from 'node:path';
import type { AsyncFunctions } from '../bus/delivery/function-target.js';
import type { HttpClient } from '../bus/connections/http-client.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { randomUuid } from '../shared/random-uuid.js';
import type { NewTopicDelivery, StoredTopicDelivery, TopicDeliveryOutcome } from '../storage/topic-delivery-store.js';
import type { TopicStore } from '../storage/topic-store.js';
import { attemptTopicDelivery } from './delivery/attempt-topic-delivery.js';
import { encodeDocument, type ConfirmationDocument } from './delivery/delivery-document.js';
import { EmailCapture } from './delivery/email-capture.js';
import { SigningKeys } from './delivery/signing-keys.js';
import { TopicActivity } from './delivery/topic-activity.js';
import { DeliveryRunner, type DeliveryRunnerOptions } from '../bus/delivery/delivery-runner.js';
import { SIGNING_CERT_PATH_PREFIX } from './messages/index.js';
import { logPendingSubscriptions } from './pending-log.js';
import { FanOutCache } from './publish/fan-out.js';
import type { PublishContext } from './publish/publish-context.js';
import { QueuesByArn } from '../queues/queues-by-arn.js';
import type { TopicsHooks } from './topics-context.js';

export interface TopicsRuntimeOptions {
  readonly store: TopicStore;
  readonly queues: QueuesContext;
  readonly functions: AsyncFunctions;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly deployment: Deployment;
  readonly logger: Logger;
  /** Eddy's own endpoint: the base of SigningCertURL, SubscribeURL and UnsubscribeURL. */
  readonly endpoint: string;
  /** The data directory (captured emails go to `<data>/sns-email`); undefined in memory: the feed only. */
  readonly data?: string | undefined;
  readonly runner?: DeliveryRunnerOptions;
}

/**
 * Topics' delivery side, composed: Publish's context (fan-out cache, queues, signing keys), the delivery
 * runner, confirmations sent on Subscribe / Unsubscribe (as delivery rows, so they are durable and
 * retried), email capture and the activity `eddy topics tail` shows.
 */
export class TopicsRuntime {
  readonly publishing: PublishContext;
  readonly runner: DeliveryRunner<StoredTopicDelivery, TopicDeliveryOutcome>;
  readonly activity = new TopicActivity();
  readonly signing: SigningKeys;
  readonly #options: TopicsRuntimeOptions;

  constructor(options: TopicsRuntimeOptions) {
    this.#options = options;
    const { store, clock, deployment, logger, queues } = options;
    this.signing = new SigningKeys(store.deliveries, clock, () => options.endpoint);
    const fanOut = new FanOutCache(store, deployment, logger);
    const pending = logPendingSubscriptions(logger, options.endpoint);
    const hooks: TopicsHooks = {
      // Stored with the subscription (Subscribe's transaction): durable together, retried like a notification.
      // Other accounts' sqs and lambda endpoints wait for ConfirmSubscription through the API (nothing is sent to them).
      confirmation: (subscription) => (CONFIRMED_BY_MESSAGE.has(subscription.protocol) ? this.#confirmation('SubscriptionConfirmation', subscription) : undefined),
      subscriptionPending: (subscription) => pending.subscriptionPending?.(subscription),
      unsubscribed: (subscription) => {
        // http/s endpoints hear of it; the token in it restores nothing here (unconfirmed: Eddy deletes the subscription at once).
        if (subscription.protocol !== 'http' && subscription.protocol !== 'https') return;
        const delivery = this.#confirmation('UnsubscribeConfirmation', { ...subscription, token: randomHexToken() });
        options.store.deliveries.addDeliveries([delivery]).catch((error: unknown) => logger.error(`topics: the UnsubscribeConfirmation for ${subscription.subscriptionArn} could not be stored`, error));
      },
      topicChanged: (name) => fanOut.forget(name),
    };
    this.publishing = { store, clock, deployment, logger, hooks, queues, signing: this.signing, fanOut, queueLookup: new QueuesByArn(queues) };
    const capture = new EmailCapture(options.data === undefined ? undefined : join(options.data, 'sns-email'), this.activity);
    const deps = { ...options, signing: this.signing, capture, activity: this.activity };
    // The bus's runner: the same lease, wake-up and settle rules over TopicDeliveryStore.
    this.runner = new DeliveryRunner(store.deliveries, (delivery) => attemptTopicDelivery(deps, delivery), clock, logger, { concurrency: 64, ...options.runner, logName: 'topics' });
  }

  async start(releaseLeases: boolean): Promise<void> {
    await this.runner.start(releaseLeases);
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  /** Time control's pass: retries due inside a jump are made at their own time (see time-passes.ts). */
  get timePass() {
    const runner = this.runner;
    return { name: 'topicDeliveries', run: async () => (await runner.deliverDue(), runner.wake()), nextDue: () => runner.nextDue(), everyStep: true };
  }

  /** The signing certificate, served to anyone at its SigningCertURL (an unsigned GET, as validators make). */
  readonly publicFiles = {
    prefix: SIGNING_CERT_PATH_PREFIX,
    read: async (path: string) => {
      const pem = await this.signing.certificateAt(path);
      return pem === undefined ? undefined : { contentType: 'application/x-pem-file', body: pem };
    },
  };

  /** `POST /_eddy/topics/deliver`: delivers what is due now and waits for it (tests on a ManualClock). */
  adminRoutes() {
    return { 'POST /_eddy/topics/deliver': () => this.runner.deliverDue() };
  }

  /** A confirmation's delivery row (http/s POST, or an email capture). */
  #confirmation(kind: ConfirmationDocument['kind'], subscription: { topicArn: string; subscriptionArn: string; protocol: string; endpoint: string; token: string }): NewTopicDelivery {
    const { clock } = this.#options;
    const now = clock.now();
    const id = subscription.subscriptionArn.split(':').at(-1)!;
    const document: ConfirmationDocument = { kind, messageId: randomUuid(), timestamp: now, ...subscription };
    return {
      id: randomUuid(), topic: subscription.topicArn.split(':').at(-1)!, subscription: id, protocol: subscription.protocol, document: encodeDocument(document), dueAt: now, acceptedAt: now,
    };
  }
}

/** Protocols whose confirmation goes to the endpoint: POSTed (http/s) or captured (email). */
const CONFIRMED_BY_MESSAGE = new Set(['http', 'https', 'email', 'email-json']);

const randomHexToken = (): string => randomUuid().replace(/-/g, '').repeat(4);
