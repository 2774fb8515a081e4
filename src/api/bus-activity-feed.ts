import type { BusActivitySource } from '../bus/bus-activity.js';
import type { BusContext } from '../bus/bus-context.js';
import { requireBus } from '../bus/bus-lookup.js';
import type { AdminFeed } from './admin-api.js';

/** The path of the feed `eddy events tail` reads: `GET /_eddy/bus/events/tail[?bus=NAME]`. */
export const BUS_EVENTS_TAIL_PATH = /^\/_eddy\/bus\/events\/tail$/;

/** While more than this waits for a slow reader, messages are skipped (and counted) rather than buffered. */
const MAX_BACKLOG_BYTES = 1024 * 1024;

/**
 * A bus's activity as Server-Sent Events (every bus's without `bus`): `ready` once listening (data:
 * `{"bus":NAME|null,"scope":"node"}`), then `event` (an EventActivity: an accepted event with the rules
 * it matched) and `delivery` (a DeliveryActivity: one attempt's outcome) messages as JSON, and `skipped`
 * (`{"type":"skipped","events":N,"deliveries":M}`) before the first message sent after the reader fell behind.
 * ResourceNotFoundException when the bus does not exist.
 *
 * `scope` says what the feed sees: `node`, the activity of the Eddy serving it (see BusActivity) — a
 * source reading storage would see every node's and say so.
 */
export function busActivityFeed(ctx: BusContext, source: BusActivitySource): AdminFeed {
  return async ({ query, send, backlog, signal }) => {
    const named = query.get('bus');
    const bus = named === null || named === '' ? undefined : (await requireBus(ctx, named)).name;
    let skipped = { events: 0, deliveries: 0 };
    const unsubscribe = source.subscribe(bus, (message) => {
      if (backlog() > MAX_BACKLOG_BYTES) {
        if (message.type === 'event') skipped.events++;
        else skipped.deliveries++;
        return;
      }
      if (skipped.events + skipped.deliveries > 0) {
        send('skipped', JSON.stringify({ type: 'skipped', ...skipped }));
        skipped = { events: 0, deliveries: 0 };
      }
      send(message.type, JSON.stringify(message));
    });
    try {
      send('ready', JSON.stringify({ bus: bus ?? null, scope: 'node' }));
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    } finally {
      unsubscribe();
    }
  };
}
