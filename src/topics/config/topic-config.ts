/**
 * `topics:` in `eddy.config.ts` and the `sns` event of functions (issue 19, "Configuration"): SNS topics
 * and their subscriptions, created at start and kept as the config says under `eddy dev`. AWS's names in
 * camelCase; see docs/configuration.md.
 */

/** What every kind of subscription may set: Subscribe's attributes (SEMANTICS E.3). */
export interface TopicSubscriptionOptions {
  /** RawMessageDelivery: the message alone instead of SNS's JSON envelope (queue and http subscriptions only). */
  rawMessageDelivery?: boolean;
  /** FilterPolicy, as an object: SNS's filter policy language. */
  filterPolicy?: Record<string, unknown>;
  /** Default `MessageAttributes`. */
  filterPolicyScope?: 'MessageAttributes' | 'MessageBody';
  /** RedrivePolicy: messages that cannot be delivered go to this queue (of the config or made through the API). */
  deadLetter?: { queue: string };
  /** DeliveryPolicy (http subscriptions' retries), as an object. */
  deliveryPolicy?: Record<string, unknown>;
}

/** One subscription of a topic: exactly one of `queue`, `function`, `http` (an http:// or https:// URL), `email`, `emailJson`. */
export type TopicSubscriptionConfig = TopicSubscriptionOptions &
  (
    | { queue: string }
    | { function: string }
    /** An `http://` or `https://` URL (protocol http or https by its scheme); confirmed at once, as the config declares it. */
    | { http: string }
    /** An address; its messages are captured (never sent), see docs/what-works.md. */
    | { email: string }
    | { emailJson: string }
  );

export interface TopicConfig {
  /** A FIFO topic; its name must end in `.fifo` (and only a FIFO topic's may). Default false. */
  fifo?: boolean;
  /** FIFO only; default false. */
  contentBasedDeduplication?: boolean;
  displayName?: string;
  /** Other topic attributes as SetTopicAttributes takes them (`{ MaximumMessageSize: '2048' }`). */
  attributes?: Record<string, string>;
  tags?: Record<string, string>;
  subscriptions?: readonly TopicSubscriptionConfig[];
}

/** `functions.<name>.events: [{ sns: { topic } }]`: the function subscribes to the topic (protocol lambda). */
export interface SnsEventConfig {
  /** A topic of this config, or one created through the API. */
  topic: string;
  filterPolicy?: Record<string, unknown>;
  filterPolicyScope?: 'MessageAttributes' | 'MessageBody';
  /** SNS refuses raw delivery to functions: only `false` is accepted. */
  rawMessageDelivery?: boolean;
  deadLetter?: { queue: string };
}

export type SubscriptionKind = 'queue' | 'function' | 'http' | 'email' | 'emailJson';

/** A checked subscription: SNS's protocol, what it names, and Subscribe's attributes (RedrivePolicy filled in when applied). */
export interface NormalizedTopicSubscription {
  readonly kind: SubscriptionKind;
  /** The queue or function name, the URL or the address. */
  readonly target: string;
  readonly protocol: string;
  /** Subscribe's attributes as strings (RawMessageDelivery, FilterPolicy, FilterPolicyScope, DeliveryPolicy). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The dead-letter queue's name. */
  readonly deadLetter?: string;
}

export interface NormalizedTopic {
  readonly fifo: boolean;
  /** The stored attributes (ContentBasedDeduplication, DisplayName and the raw ones, normalised as SetTopicAttributes stores them). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly subscriptions: readonly NormalizedTopicSubscription[];
}

/** A function's `sns` event, checked. */
export interface NormalizedSnsEvent {
  readonly topic: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly deadLetter?: string;
}
