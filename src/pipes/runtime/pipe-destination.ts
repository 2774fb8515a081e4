import type { JsonValue } from '../../bus/input/index.js';
import { randomUuid } from '../../shared/random-uuid.js';
import type { Clock } from '../../shared/clock.js';
import { ServiceError } from '../../shared/service-error.js';
import type { BatchDestination } from '../../triggers/batch-destination.js';
import type { BatchRecord, InvokeOutcome } from '../../triggers/batch-processor.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { compilePipeTemplate, type PipeIdentity, type PipeTemplate } from '../pipe-template.js';
import type { EnrichmentCall, EnrichmentOutcome } from './pipe-api-destinations.js';
import type { FunctionCall } from './pipe-functions.js';
import { failedOutcome, isMissingResource, type Execution, type PipeExecution } from './pipe-execution.js';
import { TargetRefusedError, type EntrySender } from './pipe-targets.js';

/** Where a pipe's batch ends: entries to a bus, a queue or an API destination, or one payload to a function. */
export type PipeDelivery =
  /**
   * `stored`: the entries are written by this Eddy's storage engine (a bus or queue target, not an API
   * destination) right after the batch is read (no enrichment call in between), so the previous batch's
   * checkpoint can share their commit (BatchDestination.sharesCommits).
   */
  | { readonly kind: 'entries'; readonly send: EntrySender; readonly stored?: boolean }
  | { readonly kind: 'function'; readonly call: FunctionCall };

interface Element {
  readonly record: JsonValue;
  /** The record as JSON text. */
  readonly json: string;
  /** `record` is exactly JSON.parse(json) (no template made `json`, no body was parsed into `record`). */
  readonly parsed?: boolean;
}

const asJson = (text: string): string => {
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify(text);
  }
};

/**
 * A pipe as the shard consumer's destination (SEMANTICS C.10.2). A batch is a JSON array of its
 * records (never wrapped in `Records`). With an enrichment, the array (each record through
 * EnrichmentParameters.InputTemplate) goes to the enrichment (a function, or an API destination's
 * call, pipe-api-destinations.ts), whose answer replaces it — an
 * empty answer (`""`, `{}`, `[]`, null) ends the batch there, done; an array answer is the new batch,
 * anything else a batch of one. Then each element goes through TargetParameters.InputTemplate (per
 * element; unconfirmed for batches) to the target. A bus, queue or API destination target that refuses element k fails
 * the batch from k (before an enrichment: the records before k are done, checkpointed as a partial
 * batch failure; after one, the whole batch fails); a function target's `batchItemFailures` name
 * records by eventID, turned into the sequence numbers the loop knows them by. A storage error rejects:
 * retried without counting. Everything else — retries, bisect, dead-lettering — is the trigger loop's.
 */
export function pipeDestination(pipe: PipeDefinition, delivery: PipeDelivery, clock: Clock, execution: PipeExecution, enrichment?: EnrichmentCall): BatchDestination {
  const identity: PipeIdentity = { arn: pipe.Arn, name: pipe.Name, source: pipe.Source, target: pipe.Target, ...(pipe.Enrichment && { enrichment: pipe.Enrichment }) };
  const templateOf = (params: Record<string, unknown> | undefined): PipeTemplate | undefined =>
    typeof params?.['InputTemplate'] === 'string' ? compilePipeTemplate(params['InputTemplate'], identity) : undefined;
  const targetTemplate = templateOf(pipe.TargetParameters);
  const enrichmentTemplate = templateOf(pipe.EnrichmentParameters);
  const render = (elements: readonly Element[], template: PipeTemplate | undefined, now: number): Element[] => {
    if (!template) return [...elements];
    const out: Element[] = [];
    for (const element of elements) {
      const text = template(element.record, now);
      // A template whose rendering is not the JSON it promised is dropped, as EventBridge drops it.
      if (text !== undefined) out.push({ record: element.record, json: text }); // `json` is the template's, not `record`'s
    }
    return out;
  };
  return {
    arn: pipe.Arn,
    event: (records) => `[${records}]`,
    sharesCommits: delivery.kind === 'entries' && delivery.stored === true,
    deliver(_payload, attempt, records) {
      const requestId = randomUuid();
      return execution.run(requestId, records.map((r) => r.json), () => execute(requestId, attempt, records));
    },
  };

  /** One execution: enrichment, then target (the 5-minute limit, counting and logging are PipeExecution's). */
  async function execute(requestId: string, attempt: number, records: readonly BatchRecord[]): Promise<Execution> {
    const now = clock.now();
    let elements: Element[] = records.map((r) => {
      const parsed = JSON.parse(r.json) as JsonValue;
      const record = withParsedBody(parsed);
      return { record, json: r.json, parsed: record === parsed };
    });
    if (enrichment) {
      const input = render(elements, enrichmentTemplate, now);
      const answer = await reachable(requestId, 'enrichment', () => enrichment(input.map((e) => asJson(e.json)), attempt));
      if (answer.outcome.functionError !== undefined) return answer;
      elements = enriched(answer.outcome.payload);
      if (elements.length === 0) return { outcome: { requestId: answer.outcome.requestId, payload: '' } };
    }
    const out = render(elements, targetTemplate, now);
    if (delivery.kind === 'function') {
      const call = delivery.call;
      const result = await reachable(requestId, 'target', () => call(`[${out.map((e) => asJson(e.json)).join(',')}]`, attempt));
      const outcome = result.outcome;
      return outcome.functionError === undefined ? { outcome: { ...outcome, payload: bySequence(outcome.payload, records) } } : result;
    }
    try {
      await delivery.send(out.map((e) => ({ record: e.record, payload: e.json, ...(e.parsed && { parsed: true }) })));
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      const failure = { message: error.message, missing: error.missing };
      if (error.index === 0 || enrichment) return { outcome: failedOutcome(requestId, 'PipeTargetError', error.message), failure };
      // The loop's item identifiers: a stream record's sequence number, a queue message's id.
      const refused = out[error.index]!.record as { dynamodb?: { SequenceNumber?: string }; messageId?: string };
      const sequence = refused.dynamodb?.SequenceNumber ?? refused.messageId;
      const outcome = sequence === undefined ? failedOutcome(requestId, 'PipeTargetError', error.message) : { requestId, payload: JSON.stringify({ batchItemFailures: [{ itemIdentifier: sequence }] }) };
      return { outcome, failure };
    }
    return { outcome: { requestId, payload: '' } };
  }
}

/**
 * A function's or API destination's call as an execution: a function error (or a failed call) is a
 * failure; a function that does not exist (it rejects with ResourceNotFoundException) is a failure too,
 * counted as a customer error (SEMANTICS C.10.2: "missing resources"), where a trigger would wait for it.
 */
async function reachable(requestId: string, what: 'enrichment' | 'target', call: () => Promise<EnrichmentOutcome>): Promise<Execution> {
  let outcome: EnrichmentOutcome;
  try {
    outcome = await call();
  } catch (error) {
    if (!(error instanceof ServiceError) || !isMissingResource(error)) throw error;
    const message = `${error.code}: ${error.message}`;
    return { outcome: failedOutcome(requestId, what === 'target' ? 'PipeTargetError' : 'PipeEnrichmentError', message), failure: { message, missing: true } };
  }
  const { missing, ...plain } = outcome;
  outcome = plain;
  if (outcome.functionError === undefined) return { outcome };
  return { outcome, failure: { message: `the ${what} failed: ${errorText(outcome.payload)}`, missing: missing === true } };
}

/** `errorType: errorMessage` of a function error's payload, or the payload. */
function errorText(payload: string): string {
  try {
    const { errorType, errorMessage } = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof errorType === 'string' || typeof errorMessage === 'string') return [errorType, errorMessage].filter((p) => typeof p === 'string').join(': ');
  } catch {
    // not JSON: the payload as it is
  }
  return payload.slice(0, 1000);
}

/** An enrichment's answer as the batch it makes: an array's elements, nothing for an empty answer, else the one value. */
function enriched(payload: string): Element[] {
  let value: unknown;
  try {
    value = payload.trim() === '' ? null : JSON.parse(payload);
  } catch {
    return [{ record: payload, json: JSON.stringify(payload) }];
  }
  if (value === null || value === '') return [];
  if (Array.isArray(value)) return value.map((v) => ({ record: v as JsonValue, json: JSON.stringify(v), parsed: true }));
  if (typeof value === 'object' && Object.keys(value).length === 0) return [];
  return [{ record: value as JsonValue, json: JSON.stringify(value), parsed: true }];
}

/**
 * A function target's answer with each `batchItemFailures[].itemIdentifier` that is a record's eventID
 * replaced by that record's sequence number (what the batch loop resumes from); other identifiers stay
 * as they are, and make the answer invalid for the loop, as an unknown sequence number does for a trigger.
 */
function bySequence(payload: string, records: readonly BatchRecord[]): string {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return payload;
  }
  const failures = (value as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return payload;
  const sequences = new Map<string, string>();
  for (const record of records) {
    const parsed = JSON.parse(record.json) as { eventID?: string; dynamodb?: { SequenceNumber?: string } };
    if (parsed.eventID !== undefined && parsed.dynamodb?.SequenceNumber !== undefined) sequences.set(parsed.eventID, parsed.dynamodb.SequenceNumber);
  }
  const translated = failures.map((failure: { itemIdentifier?: unknown } | null) => {
    const id = failure?.itemIdentifier;
    return typeof id === 'string' && sequences.has(id) ? { ...failure, itemIdentifier: sequences.get(id) } : failure;
  });
  return JSON.stringify({ ...(value as object), batchItemFailures: translated });
}

/**
 * A record as paths see it: a queue message's `body` that is JSON text is read as that JSON, so a
 * template reaches `<$.body.id>` (Pipes' "implicit body data parsing"); the record sent is unchanged.
 */
function withParsedBody(record: JsonValue): JsonValue {
  const body = (record as { body?: unknown } | null)?.body;
  if (typeof body !== 'string' || !/^\s*[[{]/.test(body)) return record;
  try {
    return { ...(record as object), body: JSON.parse(body) as JsonValue };
  } catch {
    return record;
  }
}
