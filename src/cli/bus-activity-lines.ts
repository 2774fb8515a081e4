import type { DeliveryActivity, EventActivity } from '../bus/bus-activity.js';

/** An error message is cut here (the whole of it is in `--json`). */
const MAX_ERROR = 200;

/**
 * `12:03:41 app  my-service.database  INSERT  3f1c2a9b  → customerCounts, audit` — when the event was
 * accepted (UTC, as `eddy tail` shows times), its bus, source, detail-type, the start of its id (delivery
 * lines repeat it, so they can be told apart when events interleave), and the rules it matched; then the
 * archives that kept it, or a replay's name.
 */
export function eventLine(event: EventActivity): string {
  const head = `${event.acceptedAt.slice(11, 19)} ${event.bus}  ${event.source}  ${event.detailType}  ${shortId(event.id)}`;
  if (event.busMissing) return `${head}  ✗ no such bus: dropped`;
  const rules = event.matched.length === 0 ? 'no rule' : event.matched.join(', ');
  const replay = event.replayName === undefined ? '' : `  (replay ${event.replayName})`;
  const archived = event.archivedBy.length === 0 ? '' : `  [archived: ${event.archivedBy.join(', ')}]`;
  return `${head}  → ${rules}${replay}${archived}`;
}

/**
 * One delivery attempt, indented under the events:
 * `  ✓ 3f1c2a9b customerCounts/counts-queue  3 ms`,
 * `  ↻ 3f1c2a9b audit/fn  attempt 1: THROTTLING: Rate exceeded; next attempt 12:03:43`,
 * `  ✗ 3f1c2a9b audit/fn  attempt 3: NO_RESOURCE: …; dead-lettered to bus-dlq` (or `dropped`),
 * `  … 3f1c2a9b slack/http-slack  attempt 1 waits until 12:03:43: API destination slack is at its invocation rate limit (1 a second).`
 */
export function deliveryLine(delivery: DeliveryActivity): string {
  const head = `${shortId(delivery.eventId)} ${delivery.rule}/${delivery.targetId}`;
  // The error's own closing full stop goes: `; next attempt …` / `; dropped` follow it.
  const attempt = `attempt ${delivery.attempt}: ${oneLine(delivery.error ?? '').replace(/\.$/, '')}`;
  switch (delivery.outcome) {
    case 'delivered':
      return `  ✓ ${head}  ${delivery.durationMs} ms${delivery.attempt > 1 ? `  (attempt ${delivery.attempt})` : ''}`;
    case 'retry': {
      const next = delivery.nextAttemptAt === undefined ? '' : `; next attempt ${delivery.nextAttemptAt.slice(11, 19)}`;
      return `  ↻ ${head}  ${attempt}${next}`;
    }
    case 'deferred':
      // Not a failure: no call was made, the attempt waits for its slot.
      return `  … ${head}  attempt ${delivery.attempt} waits until ${delivery.nextAttemptAt?.slice(11, 19) ?? 'later'}: ${oneLine(delivery.error ?? '').replace(/^[A-Z_]+: /, '')}`;
    case 'dead-lettered':
      return `  ✗ ${head}  ${attempt}; dead-lettered${delivery.deadLetterArn === undefined ? '' : ` to ${queueName(delivery.deadLetterArn)}`}`;
    case 'dropped':
      return `  ✗ ${head}  ${attempt}; dropped`;
  }
}

/** `… 120 events and 33 delivery outcomes not shown: the tail fell behind`. */
export function skippedLine(events: number, deliveries: number): string {
  const parts = [];
  if (events > 0) parts.push(`${events} event${events === 1 ? '' : 's'}`);
  if (deliveries > 0) parts.push(`${deliveries} delivery outcome${deliveries === 1 ? '' : 's'}`);
  return `… ${parts.join(' and ')} not shown: the tail fell behind`;
}

/** The start of an event id: 8 characters tell events apart on a screen (`--json` has the whole id). */
const shortId = (id: string): string => id.slice(0, 8);

/** A queue's name from its ARN (`arn:aws:sqs:us-east-1:000000000000:bus-dlq` → `bus-dlq`). */
const queueName = (arn: string): string => (/^arn:aws[\w-]*:sqs:[^:]*:[^:]*:(.+)$/.exec(arn)?.[1] ?? arn);

function oneLine(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > MAX_ERROR ? `${line.slice(0, MAX_ERROR - 1)}…` : line;
}
