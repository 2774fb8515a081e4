import { setOwn } from '../../shared/set-own.js';
import type { JsonValue } from './json-value.js';

/** The rule an event matched, as input templates can name it. */
export interface RuleContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** When EventBridge received the event. */
  readonly ingestionTime: Date;
}

/**
 * Names EventBridge defines itself: usable in any template without an InputPathsMap entry, and not
 * definable there (their dots already fail the key pattern `[A-Za-z0-9_-]+`).
 */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
]);

/**
 * Reserved variables whose value is an object written without escaping, so AWS accepts them only in
 * a JSON template: `InputTemplate for target t1 contains placeholder aws.events.event.json valid only
 * for JSON template.` (measured by a third party for `aws.events.event.json`; `aws.events.event` is
 * documented with the same restriction, its message assumed alike).
 */
export const JSON_TEMPLATE_ONLY_VARIABLES: ReadonlySet<string> = new Set(['aws.events.event', 'aws.events.event.json']);

/** An ingestion time as EventBridge writes event times: RFC 3339, UTC, whole seconds (sub-second form unconfirmed). */
export const formatEventTime = (time: Date): string => time.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A reserved variable's value for one event and rule, or undefined when `name` is not reserved. */
export function reservedValue(name: string, event: { readonly [key: string]: JsonValue }, rule: RuleContext): JsonValue | undefined {
  switch (name) {
    case 'aws.events.rule-arn':
      return rule.ruleArn;
    case 'aws.events.rule-name':
      return rule.ruleName;
    case 'aws.events.event.ingestion-time':
      return formatEventTime(rule.ingestionTime);
    case 'aws.events.event':
      return eventWithoutDetail(event, rule.ingestionTime);
    case 'aws.events.event.json':
      return event;
    default:
      return undefined;
  }
}

/** Envelope fields in the order AWS wrote `<aws.events.event>` (recorded on an SQS target, 2024-06). */
const EVENT_FIELD_ORDER = ['id', 'account', 'detail-type', 'time', 'source', 'region', 'resources', 'version'];

/**
 * `<aws.events.event>`: the envelope without `detail`, as observed — `detail-type` renamed `detailType`,
 * `time` the ingestion time, fields in AWS's observed order. Other top-level fields (`replay-name` on a
 * replayed event) follow in envelope order (unconfirmed).
 */
export function eventWithoutDetail(event: { readonly [key: string]: JsonValue }, ingestionTime: Date): JsonValue {
  const out: { [key: string]: JsonValue } = {};
  const copy = (field: string) => {
    if (field === 'detail' || !Object.hasOwn(event, field) || Object.hasOwn(out, rename(field))) return;
    setOwn(out, rename(field), field === 'time' ? formatEventTime(ingestionTime) : event[field]!);
  };
  for (const field of EVENT_FIELD_ORDER) copy(field);
  for (const field of Object.keys(event)) copy(field);
  return out;
}

const rename = (field: string): string => (field === 'detail-type' ? 'detailType' : field);
