import { randomUuid } from '../../shared/random-uuid.js';
import type { ArchivedEvent, NewDelivery } from '../../storage/bus-store.js';
import type { AcceptedEvent } from '../bus-activity.js';
import { envelopeJson, envelopeOf, type BusEvent, type Envelope } from '../events/bus-event.js';
import type { RuleContext } from '../input/reserved-variables.js';
import type { BusRoutes, RouteRule } from './bus-routes.js';

/** How a batch of events is routed beyond its bus's rules. */
export interface RouteOptions {
  /** A replay's FilterArns: only these rules (by ARN) receive the events. */
  readonly onlyRules?: ReadonlySet<string>;
}

/** What routing some events leaves to store (AcceptedEvents without `now`), added to by each call. */
export interface RoutedEvents {
  readonly deliveries: NewDelivery[];
  readonly archived: ArchivedEvent[];
  /** When present (someone watches the bus's activity), each event with the rules it matched and the archives that kept it. */
  readonly observed?: AcceptedEvent[];
}

export const noRoutes = (observe = false): RoutedEvents => (observe ? { deliveries: [], archived: [], observed: [] } : { deliveries: [], archived: [] });

/**
 * Matches events accepted at `now` against a bus's rules and archives and appends what follows to
 * `into`: one delivery per matching rule × target, its payload the target's input for the event (an
 * input that renders to nothing — an InputPath selecting nothing, a JSON template that is not JSON —
 * sends nothing, as EventBridge does), and one archive entry per archive keeping the event. Replayed
 * events (those with a replay name) are never archived again (SEMANTICS C.9).
 */
export function routeEvents(routes: BusRoutes, events: readonly BusEvent[], now: number, into: RoutedEvents, options: RouteOptions = {}): void {
  const ingestionTime = new Date(now);
  for (const event of events) {
    const envelope = envelopeOf(event);
    let text: string | undefined;
    const json = () => (text ??= envelopeJson(event));
    let routed: RoutedEvent | undefined;
    let matched = routes.rules.matches(envelope);
    if (options.onlyRules) matched = matched.filter((name) => options.onlyRules!.has(routes.ruleByName.get(name)!.arn));
    for (const name of matched) routeToRule(routes.bus, routes.ruleByName.get(name)!, (routed ??= { event, envelope, json, ingestionTime, now }), into.deliveries);
    if (event.replayName !== undefined) {
      into.observed?.push({ event, matched, archivedBy: [] });
      continue;
    }
    const archives = routes.archives.matches(envelope);
    for (const archive of routes.archivesOfAll) archives.push(archive);
    for (const archive of archives) into.archived.push({ archive, eventId: event.id, eventTime: event.time, json: json() });
    into.observed?.push({ event, matched, archivedBy: archives });
  }
}

/** One event on its way to rules: its envelope, and its JSON text made at most once whatever the number of targets. */
export interface RoutedEvent {
  readonly event: BusEvent;
  readonly envelope: Envelope;
  readonly json: () => string;
  /** `<aws.events.event.ingestion-time>`: when the event was accepted (`now`, as a Date made once per batch). */
  readonly ingestionTime: Date;
  readonly now: number;
}

/**
 * Appends the deliveries of one event to one rule of `bus`: one per target, its payload the target's input
 * for the event (the envelope when it has no input option). A matched event and a scheduled rule's firing
 * (src/bus/schedule) both go through here.
 */
export function routeToRule(bus: string, rule: RouteRule, routed: RoutedEvent, into: NewDelivery[]): void {
  const { event, envelope, now } = routed;
  let context: RuleContext | undefined;
  for (const target of rule.targets) {
    let payload: string;
    let snapshot = target.snapshot;
    if (target.render === undefined) {
      payload = routed.json();
    } else {
      const input = target.render(envelope, (context ??= { ruleArn: rule.arn, ruleName: rule.name, ingestionTime: routed.ingestionTime }));
      if (input.outcome === 'dropped') continue;
      payload = input.payload;
      if (!input.json) snapshot = target.snapshotNotJson;
    }
    into.push({ id: randomUuid(), bus, rule: rule.name, targetId: target.id, eventId: event.id, payload, target: snapshot, acceptedAt: now, dueAt: now });
  }
}
