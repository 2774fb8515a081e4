import type { ArchivedEventRow } from '../../storage/bus-store.js';
import { readDetail } from '../events/detail-text.js';
import type { BusEvent } from '../events/bus-event.js';
import { isJsonObject } from '../input/json-value.js';

/**
 * envelopeJson (bus-event.ts) writes `detail` last, after keys that cannot hold this text outside a
 * string, and inside a JSON string every `"` follows a backslash: the first match is the detail's key.
 */
const DETAIL_KEY = ',"detail":';

/**
 * The event an archive kept, as a replay puts it on the bus again: the same event — its `id`, `time`,
 * source, detail-type, resources and detail as archived (a detail's 64-bit integers as written) — with
 * `replay-name` set. Keeping the id is a choice (whether AWS keeps it is unconfirmed, SEMANTICS C.9): a
 * replay resends events, and a consumer that must tell a replayed event from the original reads
 * `replay-name`; one that drops duplicates by id sees a resumed replay's repeats as such. Undefined for
 * an archived text that is not an event envelope (not written by Eddy).
 */
export function replayedEvent(row: ArchivedEventRow, replayName: string): BusEvent | undefined {
  let envelope: unknown;
  try {
    envelope = JSON.parse(row.json);
  } catch {
    return undefined;
  }
  if (!isJsonObject(envelope)) return undefined;
  const { id, source, account, region, resources } = envelope;
  const detailType = envelope['detail-type'];
  const at = row.json.indexOf(DETAIL_KEY);
  const detail = at === -1 ? undefined : readDetail(row.json.slice(at + DETAIL_KEY.length, -1));
  if (typeof id !== 'string' || typeof source !== 'string' || typeof detailType !== 'string' || typeof account !== 'string') return undefined;
  if (typeof region !== 'string' || !Array.isArray(resources) || !detail) return undefined;
  return {
    id,
    detailType,
    source,
    account,
    time: row.eventTime,
    region,
    replayName,
    resources: resources.filter((resource): resource is string => typeof resource === 'string'),
    detail: detail.detail,
    detailJson: detail.json,
  };
}
