import { randomUUID } from 'node:crypto';
import type { Deployment } from '../../shared/arns.js';
import type { Clock } from '../../shared/clock.js';
import type { StoredDelivery } from '../../storage/bus-store.js';
import { busNameOf } from '../bus-arns.js';
import type { BusEvent } from '../events/bus-event.js';
import { isJsonObject, type JsonValue } from '../input/json-value.js';
import type { EventRouter } from '../routing/event-router.js';
import type { DeliveryTarget } from './delivery-target.js';
import { deliveryFailures } from './delivery-failure.js';
import type { TargetKind } from './target-kind.js';

/**
 * Event bus targets: the event is put on the other bus, whose rules and archives see it as any event
 * put there (SEMANTICS C.7.3), durably, before the delivery counts as done.
 *
 * The forwarded event keeps its id, time, account and region — it is the same event on its way, and a
 * consumer can tell a duplicate by its id. Whether AWS keeps the id is unconfirmed. A target with an
 * input option forwards what it renders when that is itself an event (an object with `source`,
 * `detail-type` and an object `detail`; missing envelope fields are filled in as PutEvents would) and
 * fails otherwise, INVALID_PARAMETER, not retried (what AWS does then is unconfirmed). A bus of this
 * deployment that does not exist (or one of another account or region) is NO_RESOURCE. A rule that
 * sends a bus's events back to it loops, as it does on AWS.
 */
export function busTarget(router: EventRouter, deployment: Deployment, clock: Clock): TargetKind {
  return {
    name: 'bus',
    accepts: (arn) => /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\//.test(arn),
    async deliver(delivery: StoredDelivery, target: DeliveryTarget): Promise<void> {
      const arn = target.target.Arn;
      const bus = busNameOf(deployment, arn);
      if (bus === undefined) throw deliveryFailures.noResource(`Event bus not found: ${arn}`);
      const now = clock.now();
      const event = forwardedEvent(delivery.payload, deployment, now);
      if (!event) throw deliveryFailures.invalidParameter(`The input for event bus ${bus} is not an event (source, detail-type and detail).`);
      const accepted = await router.accept([{ bus, events: [event] }], now);
      if (accepted.unknownBuses.length > 0) throw deliveryFailures.noResource(`Event bus ${bus} does not exist.`);
    },
  };
}

/** The event a payload stands for, or undefined when it is not one. */
export function forwardedEvent(payload: string, deployment: Deployment, now: number): BusEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed)) return undefined;
  const { source, 'detail-type': detailType, detail } = parsed;
  if (typeof source !== 'string' || typeof detailType !== 'string' || !isJsonObject(detail)) return undefined;
  const text = (key: string): string | undefined => (typeof parsed[key] === 'string' ? (parsed[key] as string) : undefined);
  const time = Date.parse(text('time') ?? '');
  const resources = Array.isArray(parsed['resources']) ? parsed['resources'].filter((r: JsonValue): r is string => typeof r === 'string') : [];
  const replayName = text('replay-name');
  return {
    id: text('id') ?? randomUUID(),
    detailType,
    source,
    account: text('account') ?? deployment.account,
    time: Math.floor((Number.isNaN(time) ? now : time) / 1000) * 1000,
    region: text('region') ?? deployment.region,
    ...(replayName !== undefined && { replayName }),
    resources,
    detail,
    detailJson: JSON.stringify(detail),
  };
}
