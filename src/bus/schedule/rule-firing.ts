import type { Deployment } from '../../shared/arns.js';
import { InvalidScheduleExpressionError, parseScheduleExpression } from '../../schedules/index.js';
import type { DueFiring, NewDelivery } from '../../storage/bus-store.js';
import type { Rule } from '../bus-lookup.js';
import { envelopeJson, envelopeOf, type BusEvent } from '../events/bus-event.js';
import { routeRuleOf } from '../routing/bus-routes.js';
import { routeToRule } from '../routing/route-events.js';
import { owedFirings, type CatchUpPolicy } from './missed-firings.js';
import { scheduledEvent } from './scheduled-event.js';

/** One due rule's firing, ready for BusStore.fireDue, and what it amounts to (for counts and logs). */
export interface RuleFiring {
  readonly due: DueFiring;
  /** The scheduled times delivered, ascending (none when the rule stops firing). */
  readonly firings: readonly number[];
  /** The Scheduled Event of each firing, in the same order. */
  readonly events: readonly BusEvent[];
  readonly skipped: number;
  readonly skippedOlder: boolean;
  /** Why the rule's schedule stops here (its dueAt cleared), when it does. */
  readonly stopped?: string;
}

/**
 * What firing `rule`, found due at `now`, does: a Scheduled Event per owed firing (see missed-firings.ts),
 * each sent to the rule's own targets only — a scheduled rule "self-triggers" (PutRule's API reference)
 * and sends its event straight to its targets; the event does not travel the bus, so no other rule's
 * pattern sees it (one matching `{"source":["aws.events"]}` included) and no archive keeps it. Target
 * inputs are rendered by the router's own code (routeToRule). The firing moves the rule's dueAt from the
 * one read to its next firing after now, in the transaction that stores the deliveries, so whichever
 * node takes it, it happens once.
 *
 * A rule that no longer fires (disabled, no schedule: a dueAt left over) or whose stored expression no
 * longer parses stops: its dueAt is cleared and nothing is delivered.
 */
export function ruleFiring(rule: Rule, now: number, deployment: Deployment, policy: CatchUpPolicy): RuleFiring {
  const { definition } = rule;
  const dueAt = rule.dueAt!;
  const base = { kind: 'rule' as const, scope: rule.scope, name: rule.name, expectedDueAt: dueAt };
  const stop = (reason: string): RuleFiring => ({
    due: { ...base, nextDueAt: null, accepted: { deliveries: [], archived: [], now } },
    firings: [],
    events: [],
    skipped: 0,
    skippedOlder: false,
    stopped: reason,
  });
  if (definition.ScheduleExpression === undefined || definition.State === 'DISABLED') return stop('it is disabled or has no schedule');
  let owed;
  try {
    const expression = parseScheduleExpression(definition.ScheduleExpression, { allow: ['rate', 'cron'] });
    owed = owedFirings(expression, definition.scheduleAnchor, dueAt, now, policy);
  } catch (error) {
    if (error instanceof InvalidScheduleExpressionError) return stop(`its schedule no longer parses: ${error.message}`);
    throw error;
  }
  const target = routeRuleOf(rule.scope, rule, deployment);
  const deliveries: NewDelivery[] = [];
  const ingestionTime = new Date(now);
  const events = owed.firings.map((firing) => scheduledEvent(deployment, target.arn, firing));
  for (const event of events) {
    let text: string | undefined;
    routeToRule(rule.scope, target, { event, envelope: envelopeOf(event), json: () => (text ??= envelopeJson(event)), ingestionTime, now }, deliveries);
  }
  return {
    due: { ...base, nextDueAt: owed.next, accepted: { deliveries, archived: [], now } },
    firings: owed.firings,
    events,
    skipped: owed.skipped,
    skippedOlder: owed.skippedOlder,
  };
}
