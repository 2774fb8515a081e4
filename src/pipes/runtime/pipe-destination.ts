import type { JsonValue } from '../../bus/input/index.js';
import { randomUuid } from '../../shared/random-uuid.js';
import type { Clock } from '../../shared/clock.js';
import { formatSequence } from '../../streams/stream-record.js';
import type { BatchDestination } from '../../triggers/batch-destination.js';
import type { BatchRecord, InvokeOutcome } from '../../triggers/batch-processor.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { compilePipeTemplate, type PipeTemplate } from '../pipe-template.js';
import { TargetRefusedError, type EntrySender } from './pipe-targets.js';

/** A failed delivery as the batch loop reads a function error: counted, retried, bisected. */
const failed = (requestId: string, message: string): InvokeOutcome => ({
  requestId,
  functionError: 'Unhandled',
  payload: JSON.stringify({ errorType: 'PipeTargetError', errorMessage: message }),
});

/**
 * A pipe's target as the shard consumer's destination. The payload of a batch is a JSON array of its
 * records (SEMANTICS C.10.2: never wrapped in `Records`); each record goes through the target's
 * InputTemplate (applied per record; unconfirmed for batches) and on to the target in order. A target
 * that refuses record k (a customer error) fails the batch from k: records before it are done (the
 * loop checkpoints them, as for a partial batch failure by eventID), the rest is retried, bisected and
 * dead-lettered by the same loop as a trigger's batch. A storage error rejects: retried without counting.
 */
export function pipeDestination(pipe: PipeDefinition, send: EntrySender, clock: Clock): BatchDestination {
  const template: PipeTemplate | undefined =
    typeof pipe.TargetParameters?.['InputTemplate'] === 'string'
      ? compilePipeTemplate(pipe.TargetParameters['InputTemplate'] as string, { arn: pipe.Arn, name: pipe.Name, source: pipe.Source, target: pipe.Target, ...(pipe.Enrichment && { enrichment: pipe.Enrichment }) })
      : undefined;
  return {
    arn: pipe.Arn,
    event: (records) => `[${records}]`,
    async deliver(_payload, _attempt, records) {
      const requestId = randomUuid();
      const now = clock.now();
      const entries: { record: JsonValue; payload: string }[] = [];
      for (const batchRecord of records) {
        const record = JSON.parse(batchRecord.json) as JsonValue;
        const payload = template ? template(record, now) : batchRecord.json;
        // A template whose rendering is not JSON is dropped, as EventBridge drops it.
        if (payload !== undefined) entries.push({ record, payload });
      }
      try {
        await send(entries);
      } catch (error) {
        if (!(error instanceof TargetRefusedError)) throw error;
        if (error.index === 0) return failed(requestId, error.message);
        return { requestId, payload: partialFrom(records, entries[error.index]!.record) };
      }
      return { requestId, payload: '' };
    },
  };
}

/** A ReportBatchItemFailures answer naming the record the retry starts from (by the sequence number the loop knows it by). */
function partialFrom(records: readonly BatchRecord[], record: JsonValue): string {
  const sequence = (record as { dynamodb?: { SequenceNumber?: string } }).dynamodb?.SequenceNumber ?? formatSequence(records[0]!.sequence);
  return JSON.stringify({ batchItemFailures: [{ itemIdentifier: sequence }] });
}
