import { sqsOperations } from '../api/sqs-service.js';
import { md5OfMessageAttributes } from '../queues/rules/message-md5.js';
import type { MessagePayload } from '../queues/message-entry.js';
import type { Queue, QueuesContext } from '../queues/queues-context.js';
import { settingsAsAttributes } from '../queues/rules/queue-attributes.js';
import type { NewMessage } from '../storage/queue-store.js';
import { randomUuid } from '../shared/random-uuid.js';
import type { ExportLine } from './export-format.js';

const PAGE = 500;
const BATCH = 100;

/**
 * Every queue's definition line, each followed by its messages' lines (read a page at a time, never claimed).
 * Dead-letter queues come before the queues that name them, so an import creates them first.
 */
export async function* queueLines(ctx: QueuesContext): AsyncGenerator<string> {
  for (const queue of dependenciesFirst(await ctx.store.list<Queue['attributes']>())) {
    const tags = Object.keys(queue.tags).length > 0 ? { tags: queue.tags } : {};
    yield JSON.stringify({ type: 'queue', name: queue.name, create: { QueueName: queue.name, Attributes: settingsAsAttributes(queue.attributes), ...tags } });
    const name = JSON.stringify(queue.name);
    const now = ctx.clock.now();
    let after = 0;
    for (;;) {
      const page = await ctx.store.browse(queue.id, after, PAGE);
      for (const message of page) {
        const payload = JSON.parse(message.payload) as MessagePayload;
        // A delay not yet over carries on; an in-flight message is visible again (its receipt is not exported).
        const delayMs = message.receiveCount === 0 && message.visibleAt > now ? message.visibleAt - now : undefined;
        const line = {
          messageId: message.messageId,
          body: message.body,
          ...(payload.a && { attributes: payload.a }),
          ...(payload.s && { systemAttributes: payload.s }),
          ...(message.groupId !== undefined && { groupId: message.groupId }),
          ...(payload.d !== undefined && { deduplicationId: payload.d }),
          ...(delayMs !== undefined && { delayMs }),
        };
        yield `{"type":"message","queue":${name},${JSON.stringify(line).slice(1)}`;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.sequence;
    }
  }
}

/** Queues ordered so that a dead-letter queue comes before every queue whose RedrivePolicy names it. */
function dependenciesFirst(queues: Queue[]): Queue[] {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const ordered: Queue[] = [];
  const placed = new Set<string>();
  const place = (queue: Queue, path: Set<string>) => {
    if (placed.has(queue.name) || path.has(queue.name)) return; // a cycle of dead-letter queues: as listed
    path.add(queue.name);
    const target = queue.attributes.RedrivePolicy?.deadLetterTargetArn;
    const dlq = target === undefined ? undefined : byName.get(target.slice(target.lastIndexOf(':') + 1));
    if (dlq) place(dlq, path);
    placed.add(queue.name);
    ordered.push(queue);
  };
  for (const queue of queues) place(queue, new Set());
  return ordered;
}

/**
 * Import of queues: CreateQueue unless a queue of that name exists (kept as it is, without the file's
 * messages). Messages go straight to storage, as sent now: their delay's remainder, no receive count.
 */
export class QueueLoader {
  readonly #ctx: QueuesContext;
  #queue: Queue | undefined;
  /** The queue of the last definition line: its message lines follow it. */
  #current: string | undefined;
  #batch: NewMessage[] = [];

  constructor(ctx: QueuesContext) {
    this.#ctx = ctx;
  }

  async define(line: Extract<ExportLine, { type: 'queue' }>): Promise<boolean> {
    await this.flush();
    this.#queue = undefined;
    this.#current = line.name;
    if (await this.#ctx.store.get(line.name)) return false;
    await sqsOperations.CreateQueue!(this.#ctx, { ...line.create, QueueName: line.name });
    this.#queue = await this.#ctx.store.get<Queue['attributes']>(line.name);
    return this.#queue !== undefined;
  }

  async message(line: Extract<ExportLine, { type: 'message' }>): Promise<boolean> {
    if (line.queue !== this.#current) throw new Error(`a message of queue ${line.queue} must follow that queue's line`);
    const queue = this.#queue;
    if (queue === undefined) return false;
    if (typeof line.body !== 'string') throw new Error('a message line needs a "body" string');
    const payload: MessagePayload = {};
    if (line.attributes && Object.keys(line.attributes).length > 0) {
      payload.a = line.attributes as NonNullable<MessagePayload['a']>;
      payload.am = md5OfMessageAttributes(payload.a);
    }
    if (line.systemAttributes && Object.keys(line.systemAttributes).length > 0) payload.s = line.systemAttributes as NonNullable<MessagePayload['s']>;
    if (line.deduplicationId !== undefined) payload.d = line.deduplicationId;
    const now = this.#ctx.clock.now();
    this.#batch.push({
      messageId: typeof line.messageId === 'string' ? line.messageId : randomUuid(),
      body: line.body,
      payload: payload.a === undefined && payload.s === undefined && payload.d === undefined ? '{}' : JSON.stringify(payload),
      visibleAt: now + Math.max(0, Number(line.delayMs ?? 0) || 0),
      // No dedupKey: the deduplication window is not restored (two equal ids in one file are both kept).
      ...(line.groupId !== undefined && { groupId: line.groupId }),
    });
    if (this.#batch.length >= BATCH) await this.flush();
    return true;
  }

  async flush(): Promise<void> {
    const batch = this.#batch;
    this.#batch = [];
    if (batch.length === 0 || this.#queue === undefined) return;
    await this.#ctx.store.send(this.#queue.id, batch, this.#ctx.clock.now());
  }
}
