import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { requiredEnv } from './environment.js';
import type { DynamoDBStreamEvent, DynamoDBStreamRecord, StreamBatchResponse } from './lambda-types.js';

// No endpoint: on Lambda the SDK finds EventBridge from the region; under Eddy, AWS_ENDPOINT_URL points it at Eddy.
const events = new EventBridgeClient({});

/** PutEvents takes at most 10 entries and 1 MB (the entries' Source, DetailType, Detail, Resources and 14 bytes for Time). */
const MAX_ENTRIES = 10;
const MAX_BYTES = 1_000_000;

/**
 * The table's stream trigger: every record, whatever it is, goes onto the bus as one event — source
 * EVENT_SOURCE, detail-type the event name (INSERT, MODIFY, REMOVE), resources the table's ARN, time the
 * change's, detail the record exactly as the trigger got it. Which changes matter to whom is the rules'
 * business, not this function's.
 *
 * Records are put in stream order, up to 10 a call. When PutEvents refuses an entry, the batch stops
 * there and reports that record (ReportBatchItemFailures): the trigger retries from it, so no change is
 * lost and none overtakes an earlier one. The entries after it in the same call were accepted and will
 * be put again — the consumers recognise a change they have seen by `detail.eventID`.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<StreamBatchResponse> => {
  const bus = requiredEnv('EVENT_BUS');
  const source = requiredEnv('EVENT_SOURCE');
  const changes = event.Records.map((record) => ({ record, entry: entryOf(record, bus, source) }));
  for (const chunk of chunks(changes)) {
    const out = await events.send(new PutEventsCommand({ Entries: chunk.map((change) => change.entry) }));
    const failed = (out.Entries ?? []).findIndex((entry) => entry.ErrorCode !== undefined);
    if (failed >= 0) {
      const { record } = chunk[failed]!;
      const { ErrorCode, ErrorMessage } = out.Entries![failed]!;
      console.error(`PutEvents refused ${record.eventName} ${record.eventID}: ${ErrorCode} ${ErrorMessage}; retrying from it`);
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
};

function entryOf(record: DynamoDBStreamRecord, bus: string, source: string): PutEventsRequestEntry {
  return {
    EventBusName: bus,
    Source: source,
    DetailType: record.eventName,
    // arn:aws:dynamodb:…:table/NAME/stream/LABEL → arn:aws:dynamodb:…:table/NAME
    Resources: [record.eventSourceARN.slice(0, record.eventSourceARN.indexOf('/stream/'))],
    Time: new Date(record.dynamodb.ApproximateCreationDateTime * 1000),
    Detail: JSON.stringify(record),
  };
}

function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => Buffer.byteLength(text ?? '');
  return 14 + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0);
}

/** The changes in order, cut into calls of at most 10 entries and 1 MB. */
function* chunks<T extends { entry: PutEventsRequestEntry }>(items: readonly T[]): Generator<T[]> {
  let chunk: T[] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = entrySize(item.entry);
    if (chunk.length === MAX_ENTRIES || (chunk.length > 0 && size + itemSize > MAX_BYTES)) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += itemSize;
  }
  if (chunk.length > 0) yield chunk;
}
