import type { BatchResponse, StreamRecord } from './lambda-types.js';

/**
 * Handles a batch record by record, in stream order, for a mapping with
 * `functionResponseTypes: ['ReportBatchItemFailures']`. At the first record that fails it stops and
 * reports that record and every later one: Lambda then checkpoints the records before it and retries
 * from the failed one, so what was already done (an email sent) is not done again. Returning the later
 * records too keeps the answer correct whatever position the retry starts at.
 */
export async function inOrder(records: readonly StreamRecord[], handle: (record: StreamRecord) => Promise<void>, what: string): Promise<BatchResponse> {
  for (const [at, record] of records.entries()) {
    try {
      await handle(record);
    } catch (error) {
      const pending = records.length - at;
      console.error(`${what} failed for record ${record.dynamodb.SequenceNumber} (${pending} record${pending === 1 ? '' : 's'} left for a retry): ${String(error)}`);
      return { batchItemFailures: records.slice(at).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
}
