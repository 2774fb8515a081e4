import { streamNameOf } from '../streams/stream-arn.js';
import type { BlockingBatchStatus } from '../triggers/blocked-batch.js';
import type { FailureStatus, MappingStatus, ProcessingStatus, QueueStatus, ShardStatus } from '../triggers/mapping-status.js';

/** Items of a partial batch failure named on a line; the rest are counted. */
const LISTED_ITEMS = 3;
/** An error message is cut here (the full one is in `--json` and the function's log). */
const MAX_MESSAGE = 200;
/** Keys of a blocking batch named on its line; the rest are counted (all of them are in `--json`). */
const LISTED_KEYS = 3;

/**
 * One mapping as text: a heading line, then a line per shard (a stream) or one for the consumer (a
 * queue); a pipe's heading also names its enrichment and target, and its StateReason follows it. A line that is not OK, or still shows a failure, is followed by an indented line saying what
 * failed, then a shard's blocking batch and an action asked for but not yet taken. Times are UTC, as `eddy tail` shows them.
 */
export function mappingLines(m: MappingStatus): string {
  // A pipe: where its records go, through its enrichment (`→ function lookup → bus app`).
  const onward = [m.enrichment, m.target].filter((e) => e !== undefined).map((e) => ` → ${e}`).join('');
  const reason = m.stateReason === undefined ? '' : `    — ${oneLine(m.stateReason)}\n`;
  let text = `${m.functionName} ← ${sourceLabel(m.sourceArn)}${onward}  ${m.state}  last result ${m.lastProcessingResult}  (${m.uuid})\n${reason}`;
  for (const s of m.shards) text += `  ${s.shardId}  ${[stateText(s), ...shardPosition(s)].join('  ')}\n${failureLine(s, 'records')}${blockingLines(s)}`;
  if (m.queue) text += `  ${[stateText(m.queue), ...queueLoad(m.queue)].join('  ')}\n${failureLine(m.queue, 'messages')}`;
  return text;
}

function sourceLabel(arn: string): string {
  const stream = streamNameOf(arn);
  if (stream) return `${stream.tableName} stream ${stream.label}`;
  const queue = /^arn:aws:sqs:[^:]*:[^:]*:(.+)$/.exec(arn);
  return queue ? `queue ${queue[1]}` : arn;
}

/** `OK`, or `RETRYING since 12:03:41 (7 attempts)`. */
function stateText(s: ProcessingStatus): string {
  if (s.state !== 'RETRYING') return s.state;
  const since = s.retryingSince === undefined ? '' : ` since ${clockTime(s.retryingSince)}`;
  return `RETRYING${since} (${plural(s.attempts, 'attempt')})`;
}

function shardPosition(s: ShardStatus): string[] {
  const parts = [s.finished ? 'finished' : `checkpoint ${s.checkpoint ?? '-'}`, `behind ${formatAge(s.iteratorAgeMs)}`];
  if (s.inFlight > 0) parts.push(`in flight ${s.inFlight}`);
  return parts;
}

function queueLoad(q: QueueStatus): string[] {
  const parts: string[] = [];
  if (q.failingMessageCount > 0) parts.push(`failing ${plural(q.failingMessageCount, 'message')}`);
  if (q.inFlight > 0) parts.push(`in flight ${plural(q.inFlight, 'batch', 'batches')} (${plural(q.messagesInFlight, 'message')})`);
  return parts;
}

/** While retrying: `    — <the last failure>`; when OK with a failure not yet cleared by a success: when it was. */
function failureLine(s: ProcessingStatus, items: 'records' | 'messages'): string {
  const failure = s.lastFailure;
  if (failure === undefined) return '';
  const when = s.state === 'RETRYING' ? '' : `last failure ${clockTime(failure.at)}: `;
  return `    — ${when}${describeFailure(failure, items)}\n`;
}

/**
 * The batch a shard is stuck on (whichever node holds it) and an action not taken yet:
 * `    blocking batch: 4 records (seq …42–…45), next attempt 12:04:10` and its first keys
 * (`pk=a sk=1`). Its attempts, since when and its last failure only when the lines above do not already
 * say them (the holder's own count, when this node is not the one trying).
 */
function blockingLines(s: ShardStatus): string {
  let text = '';
  const b = s.blockingBatch;
  if (b) {
    const { records } = b;
    const range = records.firstSequence === records.lastSequence ? records.firstSequence : `${records.firstSequence}–${records.lastSequence}`;
    const parts = [`blocking batch: ${plural(records.count, 'record')} (seq ${range})`];
    if (s.state !== 'RETRYING' || s.retryingSince !== b.since || s.attempts !== b.attempts) parts.push(`${plural(b.attempts, 'attempt')} since ${clockTime(b.since)}`);
    if (b.retryAt !== undefined) parts.push(`next attempt ${clockTime(b.retryAt)}`);
    text += `    ${parts.join(', ')}\n`;
    if (s.lastFailure?.at !== b.lastFailure.at) text += `    — last failure ${clockTime(b.lastFailure.at)}: ${describeFailure(b.lastFailure, 'records')}\n`;
    if (records.keys.length > 0) {
      const named = records.keys.slice(0, LISTED_KEYS).map(keyText).join('; ');
      const more = records.count - Math.min(records.keys.length, LISTED_KEYS);
      text += `      keys ${oneLine(named)}${more > 0 ? ` and ${more} more` : ''}\n`;
    }
  }
  if (s.pendingAction !== undefined) text += `    ${s.pendingAction} asked for, not taken yet by the shard's holder\n`;
  return text;
}

/** A record's `dynamodb.Keys` as `pk=a sk=1` (a string, number or binary value as written; anything else as JSON). */
function keyText(keys: BlockingBatchStatus['records']['keys'][number]): string {
  if (keys === null || typeof keys !== 'object') return JSON.stringify(keys);
  return Object.entries(keys as Record<string, unknown>)
    .map(([name, value]) => {
      const [type, inner] = Object.entries((value ?? {}) as Record<string, unknown>)[0] ?? [];
      return `${name}=${(type === 'S' || type === 'N' || type === 'B') && typeof inner === 'string' ? inner : JSON.stringify(value)}`;
    })
    .join(' ');
}

/** `function error: Error: SMTP refused`, `timed out after 3 s`, `partial batch failure: 2 of 10 records (seq …, …)`. */
export function describeFailure(failure: FailureStatus, items: 'records' | 'messages'): string {
  switch (failure.kind) {
    case 'function-error': {
      const message = oneLine(failure.errorMessage);
      return `function error: ${failure.errorType}${message === '' ? '' : `: ${message}`}`;
    }
    case 'timeout':
      return `timed out after ${failure.timeoutSeconds} s`;
    case 'partial-batch-failure': {
      const named = failure.failedItems.slice(0, LISTED_ITEMS).join(', ');
      const more = failure.failedItems.length > LISTED_ITEMS ? ` and ${failure.failedItems.length - LISTED_ITEMS} more` : '';
      const label = items === 'records' ? 'seq ' : '';
      return `partial batch failure: ${failure.failedItems.length} of ${failure.batchSize} ${items} (${label}${named}${more})`;
    }
    case 'invalid-response':
      return `unreadable response: ${failure.reason}`;
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/** HH:MM:SS (UTC) of an ISO time. */
const clockTime = (iso: string): string => iso.slice(11, 19);

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function formatAge(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
