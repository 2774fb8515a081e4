import type { TargetStats } from '../storage/bus-store.js';
import { ruleArn } from './bus-arns.js';
import type { BusContext } from './bus-context.js';
import type { RuleDefinition } from './bus-documents.js';
import { requireBus } from './bus-lookup.js';

/** A target's delivery counters: each event matched counts once per target it is delivered to. */
export interface DeliveryCounts {
  /** Deliveries made (events the rule matched, for this target). */
  readonly matched: number;
  readonly delivered: number;
  /** Pending now (not yet delivered, or waiting for a retry)… */
  readonly pending: number;
  /** …and of those, failed at least once. */
  readonly retrying: number;
  /** Given up on with no dead-letter queue (or one that refused them too): dropped. */
  readonly failed: number;
  readonly deadLettered: number;
}

export interface TargetStatus {
  readonly id: string;
  /** Absent for a target removed from the rule whose counters remain. */
  readonly arn?: string;
  readonly deadLetterArn?: string;
  readonly removed?: true;
  readonly counts: DeliveryCounts;
}

/** A rule as `eddy rules` and `GET /_eddy/bus/rules` show it. */
export interface RuleStatus {
  readonly bus: string;
  readonly name: string;
  readonly arn: string;
  readonly state: RuleDefinition['State'];
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly description?: string;
  readonly targets: readonly TargetStatus[];
  /** Its targets' counters summed (a rule with two targets counts each matched event twice). */
  readonly counts: DeliveryCounts;
}

const NO_COUNTS: DeliveryCounts = { matched: 0, delivered: 0, pending: 0, retrying: 0, failed: 0, deadLettered: 0 };

/**
 * Every rule of `bus` (of every bus when undefined; ResourceNotFoundException for a bus that does not
 * exist), by bus then name, with its targets' delivery counters. The counters are storage's
 * (BusStore.deliveryStats), so they count every node's deliveries.
 */
export async function ruleStatuses(ctx: BusContext, bus?: string): Promise<RuleStatus[]> {
  if (bus !== undefined) await requireBus(ctx, bus);
  const [rules, stats] = await Promise.all([ctx.store.listDocuments<RuleDefinition>('rule', bus), ctx.store.deliveryStats(bus)]);
  const statsOf = new Map<string, TargetStats[]>();
  for (const stat of stats) {
    const key = `${stat.bus}\n${stat.rule}`;
    statsOf.set(key, [...(statsOf.get(key) ?? []), stat]);
  }
  return rules.map((rule) => {
    const { definition } = rule;
    const counters = statsOf.get(`${rule.scope}\n${rule.name}`) ?? [];
    const countsOf = (id: string) => counters.find((stat) => stat.targetId === id);
    const targets: TargetStatus[] = definition.Targets.map((target) => ({
      id: target.Id,
      arn: target.Arn,
      ...(target.DeadLetterConfig?.Arn !== undefined && { deadLetterArn: target.DeadLetterConfig.Arn }),
      counts: countsIn(countsOf(target.Id)),
    }));
    for (const stat of counters) {
      if (!definition.Targets.some((target) => target.Id === stat.targetId)) targets.push({ id: stat.targetId, removed: true, counts: countsIn(stat) });
    }
    return {
      bus: rule.scope,
      name: rule.name,
      arn: ruleArn(ctx.deployment, rule.scope, rule.name),
      state: definition.State,
      ...(definition.EventPattern !== undefined && { eventPattern: definition.EventPattern }),
      ...(definition.ScheduleExpression !== undefined && { scheduleExpression: definition.ScheduleExpression }),
      ...(definition.Description !== undefined && { description: definition.Description }),
      targets,
      counts: targets.reduce((sum, target) => addCounts(sum, target.counts), NO_COUNTS),
    };
  });
}

function countsIn(stat: TargetStats | undefined): DeliveryCounts {
  if (!stat) return NO_COUNTS;
  const { matched, delivered, pending, retrying, failed, deadLettered } = stat;
  return { matched, delivered, pending, retrying, failed, deadLettered };
}

const addCounts = (a: DeliveryCounts, b: DeliveryCounts): DeliveryCounts => ({
  matched: a.matched + b.matched,
  delivered: a.delivered + b.delivered,
  pending: a.pending + b.pending,
  retrying: a.retrying + b.retrying,
  failed: a.failed + b.failed,
  deadLettered: a.deadLettered + b.deadLettered,
});
