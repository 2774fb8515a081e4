import { formatEventTime } from '../input/reserved-variables.js';
import type { JsonValue } from '../input/json-value.js';

/**
 * One event on a bus: what PutEvents accepted (or a replay, a forwarding rule or a schedule produced),
 * before it is matched. `detail` is the parsed object rules match against; `detailJson` is its text as
 * targets receive it (see detail-text.ts).
 */
export interface BusEvent {
  readonly id: string;
  readonly detailType: string;
  readonly source: string;
  readonly account: string;
  /** Epoch milliseconds; written with second precision. */
  readonly time: number;
  readonly region: string;
  /** Only on replayed events (SEMANTICS C.9). */
  readonly replayName?: string;
  readonly resources: readonly string[];
  readonly detail: { readonly [key: string]: JsonValue };
  readonly detailJson: string;
}

let lastSecond = NaN;
let lastText = '';

/** An event's `time` as written (RFC 3339, whole seconds); events put together share a second, so the last one is kept. */
export function eventTimeText(time: number): string {
  const second = Math.floor(time / 1000);
  if (second !== lastSecond) {
    lastText = formatEventTime(new Date(second * 1000));
    lastSecond = second;
  }
  return lastText;
}

/** An event as rules, archives and input paths see it: the envelope of SEMANTICS C.3, keys in AWS's order. */
export type Envelope = { readonly [key: string]: JsonValue };

/**
 * The envelope object, keys in the order observed on targets: version, id, detail-type, source,
 * account, time, region, [replay-name,] resources, detail.
 */
export function envelopeOf(event: BusEvent): Envelope {
  return {
    version: '0',
    id: event.id,
    'detail-type': event.detailType,
    source: event.source,
    account: event.account,
    time: eventTimeText(event.time),
    region: event.region,
    ...(event.replayName !== undefined && { 'replay-name': event.replayName }),
    resources: event.resources as JsonValue[],
    detail: event.detail,
  };
}

/**
 * The envelope as JSON text, as a target without input options receives it. Built field by field so
 * the detail's text is spliced in as kept (numbers a double cannot hold stay as written) and the
 * field order is fixed whatever the caller's object looks like. The pieces are joined once (one flat
 * string, not a chain of concatenations), and the quoted forms of the strings events repeat (source,
 * detail-type, account, region) are kept.
 */
export function envelopeJson(event: BusEvent): string {
  return [
    '{"version":"0","id":',
    JSON.stringify(event.id),
    ',"detail-type":',
    quoted(event.detailType),
    ',"source":',
    quoted(event.source),
    ',"account":',
    quoted(event.account),
    ',"time":"',
    eventTimeText(event.time),
    '","region":',
    quoted(event.region),
    event.replayName === undefined ? '' : `,"replay-name":${JSON.stringify(event.replayName)}`,
    ',"resources":',
    event.resources.length === 0 ? '[]' : JSON.stringify(event.resources),
    ',"detail":',
    event.detailJson,
    '}',
  ].join('');
}

/** Quoted forms of recent strings; cleared when full, so a stream of distinct values costs a bounded map. */
const quotedForms = new Map<string, string>();
const MAX_QUOTED_FORMS = 4096;

function quoted(text: string): string {
  let form = quotedForms.get(text);
  if (form === undefined) {
    if (quotedForms.size === MAX_QUOTED_FORMS) quotedForms.clear();
    form = JSON.stringify(text);
    quotedForms.set(text, form);
  }
  return form;
}
