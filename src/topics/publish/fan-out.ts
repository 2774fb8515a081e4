import type { StoredSubscription, StoredTopic, TopicStore } from '../../storage/topic-store.js';
import type { Deployment } from '../../shared/arns.js';
import type { Logger } from '../../shared/logger.js';
import { effectiveSubscriptionDeliveryPolicy } from '../delivery-policy.js';
import { compileFilterPolicy, matchesFilterPolicy, type FilterableMessage, type FilterPolicyMatcher, type FilterPolicyScope } from '../filter-policy/index.js';
import { subscriptionArn } from '../topic-arns.js';
import type { SubscriptionSnapshot } from '../delivery/delivery-document.js';

/** A confirmed subscription ready for matching: its compiled filter policy and what its deliveries carry. */
export interface FanOutSubscription {
  readonly subscription: StoredSubscription;
  readonly snapshot: SubscriptionSnapshot;
  readonly matcher?: FilterPolicyMatcher;
}

export interface TopicFanOut {
  readonly topic: StoredTopic;
  readonly subscriptions: readonly FanOutSubscription[];
}

const PAGE = 1_000;

/**
 * Each topic's confirmed subscriptions with their filter policies compiled once, cached with the topic's
 * version and creation time: every Publish reads the topic row (one read) and recompiles only when it
 * changed — on this node or another (TopicStore's version grows with every subscription write). The
 * accepting transaction checks the same version (StaleTopicError), so a change between the two is not missed.
 */
export class FanOutCache {
  readonly #store: TopicStore;
  readonly #deployment: Deployment;
  readonly #logger: Logger;
  readonly #cache = new Map<string, TopicFanOut>();

  constructor(store: TopicStore, deployment: Deployment, logger: Logger) {
    this.#store = store;
    this.#deployment = deployment;
    this.#logger = logger;
  }

  /** The topic's fan-out, undefined when the topic does not exist. */
  async of(name: string): Promise<TopicFanOut | undefined> {
    const topic = await this.#store.getTopic(name);
    if (!topic) {
      this.#cache.delete(name);
      return undefined;
    }
    const cached = this.#cache.get(name);
    if (cached && cached.topic.version === topic.version && cached.topic.createdAt === topic.createdAt) return cached;
    const subscriptions: FanOutSubscription[] = [];
    for (let after: number | undefined; ; ) {
      const page = await this.#store.listSubscriptions({ topic: name, ...(after !== undefined && { after }), limit: PAGE });
      for (const { subscription } of page) if (!subscription.pending) subscriptions.push(this.#compile(topic, subscription));
      if (page.length < PAGE) break;
      after = page.at(-1)!.position;
    }
    const fanOut = { topic, subscriptions };
    this.#cache.set(name, fanOut);
    return fanOut;
  }

  /** Drops a topic's entry (its subscriptions changed here; the version check would catch it anyway). */
  forget(name: string): void {
    this.#cache.delete(name);
  }

  #compile(topic: StoredTopic, subscription: StoredSubscription): FanOutSubscription {
    const attributes = subscription.attributes;
    const policy = attributes['FilterPolicy'];
    let matcher: FilterPolicyMatcher | undefined;
    if (policy !== undefined) {
      try {
        matcher = compileFilterPolicy(policy, (attributes['FilterPolicyScope'] ?? 'MessageAttributes') as FilterPolicyScope);
      } catch (error) {
        // Checked when it was set; should it no longer compile (a stricter Eddy), nothing matches rather than everything.
        this.#logger.error(`topics: the filter policy of subscription ${subscription.id} does not compile; it receives nothing`, error);
        matcher = { scope: 'MessageAttributes', alternatives: [], everything: false };
      }
    }
    const redrive = attributes['RedrivePolicy'];
    const deadLetterArn = redrive === undefined ? undefined : (JSON.parse(redrive) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    const http = subscription.protocol === 'http' || subscription.protocol === 'https';
    // The topic's `http.disableSubscriptionOverrides: true` makes its defaults win over the subscription's own policy (§E.3 [D]).
    const topicPolicy = topic.attributes['DeliveryPolicy'];
    const overridesOff = topicPolicy !== undefined && (JSON.parse(topicPolicy) as { http?: { disableSubscriptionOverrides?: unknown } }).http?.disableSubscriptionOverrides === true;
    const own = overridesOff ? undefined : attributes['DeliveryPolicy'];
    const effective = http
      ? (JSON.parse(effectiveSubscriptionDeliveryPolicy(own ?? '{}', topicPolicy)) as {
          healthyRetryPolicy?: unknown;
          requestPolicy?: { headerContentType?: unknown } | null;
        })
      : undefined;
    const contentType = effective?.requestPolicy?.headerContentType;
    const snapshot: SubscriptionSnapshot = {
      arn: subscriptionArn(this.#deployment, topic.name, subscription.id),
      protocol: subscription.protocol,
      endpoint: subscription.endpoint,
      rawMessageDelivery: attributes['RawMessageDelivery'] === 'true',
      ...(deadLetterArn !== undefined && { deadLetterArn }),
      ...(effective?.healthyRetryPolicy != null && { deliveryPolicy: JSON.stringify(effective.healthyRetryPolicy) }),
      ...(typeof contentType === 'string' && { headerContentType: contentType }),
    };
    return { subscription, snapshot, ...(matcher !== undefined && { matcher }) };
  }
}

/** The subscriptions of a fan-out a message goes to: the same message object for every matcher (it caches parsed values). */
export function matchingSubscriptions(fanOut: TopicFanOut, message: FilterableMessage): FanOutSubscription[] {
  return fanOut.subscriptions.filter((entry) => entry.matcher === undefined || matchesFilterPolicy(entry.matcher, message));
}
