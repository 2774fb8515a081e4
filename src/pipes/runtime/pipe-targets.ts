import type { JsonValue } from '../../bus/input/index.js';
import { EntryRefusedError } from '../../bus/routing/put-on-bus.js';
import type { BusContext } from '../../bus/bus-context.js';
import type { QueuesContext } from '../../queues/queues-context.js';
import { sendManyToQueue } from '../../queues/send-to-queue.js';
import { ServiceError } from '../../shared/service-error.js';
import type { PipeDefinition } from '../pipe-definition.js';
import type { PipeTarget } from '../pipe-endpoints.js';
import { pathOrValue } from '../pipe-template.js';
import { isMissingResource } from './pipe-execution.js';
import { BatchEntryRefusedError, putBatchOnBus } from './pipe-bus-sender.js';
import type { TopicPublisher } from '../../topics/publish-to-topic.js';

/** One record on its way to the target: the record as read (for paths) and the payload its template rendered. */
export interface TargetEntry {
  readonly record: JsonValue;
  /** JSON (or text) to deliver. */
  readonly payload: string;
  /** True when `record` is exactly JSON.parse(payload): a bus then checks the payload without parsing it again. */
  readonly parsed?: boolean;
}

/** Why the target refused an entry: a customer error (counts as an attempt, as a function error does). */
export class TargetRefusedError extends Error {
  readonly index: number;
  /** The target does not exist (or an API destination answered 4xx other than 429): counted toward stopping the pipe (pipe-execution.ts). */
  readonly missing: boolean;
  constructor(index: number, message: string, missing = false) {
    super(message);
    this.index = index;
    this.missing = missing;
  }
}

/** What delivers a batch's entries to a pipe's bus or queue target, in order; throws TargetRefusedError at the first refused entry. */
export type EntrySender = (entries: readonly TargetEntry[]) => Promise<void>;

export interface TargetServices {
  readonly bus: BusContext;
  readonly queues: QueuesContext;
  /** SNS Publish, for topic targets and dead-letter topics (src/topics/publish-to-topic.ts); without it, a topic target refuses every record. */
  readonly topics?: TopicPublisher;
}

const stringOf = (value: JsonValue | undefined): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);

/** An event time from a record's value: epoch seconds (ApproximateCreationDateTime) or an ISO text. */
function timeOf(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Math.round(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return undefined;
}

/**
 * The sender for a bus or queue target (SEMANTICS C.10.2). A bus gets one PutEvents entry per record
 * (the batch's entries put in one accept, pipe-bus-sender.ts):
 * Source and DetailType from EventBridgeEventBusParameters (a `$.` path into the record or a value;
 * without them `Pipe <name>` and `Event from <source service>`, unconfirmed), Resources likewise, Time a
 * path. A queue gets one message per record, MessageGroupId / MessageDeduplicationId likewise.
 */
export function entrySender(services: TargetServices, pipe: PipeDefinition, target: Exclude<PipeTarget, { kind: 'function' }>, sourceService: string): EntrySender {
  const params = pipe.TargetParameters ?? {};
  const refuse = (index: number, error: unknown): never => {
    if (error instanceof EntryRefusedError) throw new TargetRefusedError(index, `${error.errorCode}: ${error.errorMessage}`);
    if (error instanceof ServiceError) throw new TargetRefusedError(index, `${error.code}: ${error.message}`, isMissingResource(error));
    throw error;
  };
  if (target.kind === 'bus') {
    const bus = (params['EventBridgeEventBusParameters'] ?? {}) as { Source?: string; DetailType?: string; Resources?: string[]; Time?: string };
    const source = pathOrValue(bus.Source ?? `Pipe ${pipe.Name}`);
    const detailType = pathOrValue(bus.DetailType ?? `Event from ${sourceService}`);
    const resources = (bus.Resources ?? []).map(pathOrValue);
    const time = bus.Time === undefined ? undefined : pathOrValue(bus.Time);
    return async (entries) => {
      const events = entries.map(({ record, payload, parsed }) => {
        const at = time && timeOf(time(record));
        return {
          source: stringOf(source(record)) ?? '',
          detailType: stringOf(detailType(record)) ?? '',
          detail: payload,
          ...(parsed && { parsedDetail: record }),
          resources: resources.map((r) => stringOf(r(record)) ?? ''),
          ...(at !== undefined && { time: at }),
        };
      });
      try {
        await putBatchOnBus(services.bus, target.bus, events);
      } catch (error) {
        if (!(error instanceof BatchEntryRefusedError)) throw error;
        refuse(error.index, error.refusal);
      }
    };
  }
  const sqs = (params['SqsQueueParameters'] ?? {}) as { MessageGroupId?: string; MessageDeduplicationId?: string };
  if (target.kind === 'topic') return topicSender(services.topics, target.topicArn, sqs, refuse);
  const groupId = sqs.MessageGroupId === undefined ? undefined : pathOrValue(sqs.MessageGroupId);
  const deduplicationId = sqs.MessageDeduplicationId === undefined ? undefined : pathOrValue(sqs.MessageDeduplicationId);
  return async (entries) => {
    let outcomes;
    try {
      outcomes = await sendManyToQueue(
        services.queues,
        { queueName: target.queue },
        entries.map(({ record, payload }) => {
          const group = groupId && stringOf(groupId(record));
          const dedup = deduplicationId && stringOf(deduplicationId(record));
          return { body: payload, ...(group !== undefined && { groupId: group }), ...(dedup !== undefined && { deduplicationId: dedup }) };
        }),
      );
    } catch (error) {
      return refuse(0, error);
    }
    outcomes.forEach((outcome, index) => {
      if ('error' in outcome) refuse(index, outcome.error);
    });
  };
}

/**
 * A topic target: each record's payload published as the Message, in order (Pipes calls PublishBatch with up
 * to 10, C.10.2; one Publish each here, so a refusal names its entry). A FIFO topic's MessageGroupId and
 * MessageDeduplicationId come from SqsQueueParameters, as a FIFO queue's (unconfirmed: Pipes' model has no
 * SNS target parameters). A topic that does not exist counts toward stopping the pipe, as a queue's.
 */
function topicSender(publish: TopicPublisher | undefined, topicArn: string, sqs: { MessageGroupId?: string; MessageDeduplicationId?: string }, refuse: (index: number, error: unknown) => never): EntrySender {
  const groupId = sqs.MessageGroupId === undefined ? undefined : pathOrValue(sqs.MessageGroupId);
  const deduplicationId = sqs.MessageDeduplicationId === undefined ? undefined : pathOrValue(sqs.MessageDeduplicationId);
  return async (entries) => {
    for (const [index, { record, payload }] of entries.entries()) {
      if (!publish) throw new TargetRefusedError(index, `NotFound: Eddy publishes to no topics here: ${topicArn}`, true);
      const group = groupId && stringOf(groupId(record));
      const dedup = deduplicationId && stringOf(deduplicationId(record));
      try {
        await publish(topicArn, { Message: payload, ...(group !== undefined && { MessageGroupId: group }), ...(dedup !== undefined && { MessageDeduplicationId: dedup }) });
      } catch (error) {
        refuse(index, error);
      }
    }
  };
}
