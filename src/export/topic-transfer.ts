import { subscribe } from '../topics/operations/subscriptions.js';
import { createTopic } from '../topics/operations/topics.js';
import { topicArn } from '../topics/topic-arns.js';
import type { TopicsContext } from '../topics/topics-context.js';
import type { ExportLine } from './export-format.js';

const PAGE = 100;

/** Every topic as the CreateTopic request that makes it again, each followed by its subscriptions (as Subscribe takes them). */
export async function* topicLines(ctx: TopicsContext): AsyncGenerator<string> {
  let after: string | undefined;
  for (;;) {
    const topics = await ctx.store.listTopics(after, PAGE);
    for (const topic of topics) {
      const { DataProtectionPolicy, ...attributes } = topic.attributes;
      const tags = Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value }));
      const create = {
        Name: topic.name,
        Attributes: { ...(topic.fifo && { FifoTopic: 'true' }), ...attributes },
        ...(tags.length > 0 && { Tags: tags }),
        ...(DataProtectionPolicy !== undefined && { DataProtectionPolicy }),
      };
      yield JSON.stringify({ type: 'topic', name: topic.name, create });
      let position: number | undefined;
      for (;;) {
        const page = await ctx.store.listSubscriptions({ topic: topic.name, limit: PAGE, ...(position !== undefined && { after: position }) });
        for (const { subscription } of page) {
          const subscribed = { Protocol: subscription.protocol, Endpoint: subscription.endpoint, ...(Object.keys(subscription.attributes).length > 0 && { Attributes: subscription.attributes }) };
          yield JSON.stringify({ type: 'subscription', topic: topic.name, subscribe: subscribed });
        }
        if (page.length < PAGE) break;
        position = page[page.length - 1]!.position;
      }
    }
    if (topics.length < PAGE) break;
    after = topics[topics.length - 1]!.name;
  }
}

/**
 * Import of topics: CreateTopic unless a topic of that name exists (kept, with none of the file's
 * subscriptions for it), then Subscribe for each subscription: one that needs confirmation (HTTP, HTTPS)
 * is sent its SubscriptionConfirmation again.
 */
export class TopicLoader {
  readonly #ctx: TopicsContext;
  /** The topic of the last definition line, and whether the import created it. */
  #current: string | undefined;
  #created = false;

  constructor(ctx: TopicsContext) {
    this.#ctx = ctx;
  }

  async define(line: Extract<ExportLine, { type: 'topic' }>): Promise<boolean> {
    this.#current = line.name;
    this.#created = false;
    if (await this.#ctx.store.getTopic(line.name)) return false;
    await createTopic(this.#ctx, { ...line.create, Name: line.name } as Parameters<typeof createTopic>[1]);
    this.#created = true;
    return true;
  }

  async subscription(line: Extract<ExportLine, { type: 'subscription' }>): Promise<boolean> {
    if (line.topic !== this.#current) throw new Error(`a subscription of topic ${line.topic} must follow that topic's line`);
    if (!this.#created) return false;
    await subscribe(this.#ctx, { ...(line.subscribe as { Protocol: string }), TopicArn: topicArn(this.#ctx.deployment, line.topic), ReturnSubscriptionArn: true });
    return true;
  }
}
