/**
 * What `eddy topics tail` shows (GET /_eddy/topics/tail): messages captured for email, email-json and
 * sms subscriptions (never sent), and each delivery attempt's outcome. Activity of this node only.
 */
export interface CapturedMessage {
  readonly type: 'captured';
  readonly protocol: 'email' | 'email-json' | 'sms';
  readonly topicArn: string;
  readonly subscriptionArn: string;
  /** The address or phone number. */
  readonly to: string;
  readonly subject?: string;
  /** What would have been sent: the message (email, sms), the JSON envelope (email-json), or the confirmation text. */
  readonly body: string;
  readonly messageId: string;
  readonly timestamp: string;
  /** Where the capture was written (absent with in-memory storage). */
  readonly file?: string;
}

export interface DeliveryAttempt {
  readonly type: 'delivery';
  readonly topicArn: string;
  readonly subscriptionArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  /** The message's id, or the confirmation's. */
  readonly messageId: string;
  readonly kind: string;
  readonly outcome: 'delivered' | 'retry' | 'dead-lettered' | 'dropped';
  readonly attempt: number;
  readonly error?: string;
}

export type TopicActivityMessage = CapturedMessage | DeliveryAttempt;

/** In-process listeners of topic activity; each listener's failure is its own. */
export class TopicActivity {
  readonly #listeners = new Set<(message: TopicActivityMessage) => void>();

  subscribe(listener: (message: TopicActivityMessage) => void): () => void {
    const entry = (message: TopicActivityMessage) => listener(message);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  emit(message: TopicActivityMessage): void {
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
