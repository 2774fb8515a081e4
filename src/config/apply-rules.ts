import type { BusContext } from '../bus/bus-context.js';
import type { RuleDefinition, TargetDefinition } from '../bus/bus-documents.js';
import { requireBus, writeRule } from '../bus/bus-lookup.js';
import { nextDueAt, scheduleAnchor } from '../bus/rule-schedule.js';
import { refusedAs, type ApplyRecorder } from './apply-report.js';
import { at } from './config-checker.js';
import { configRules, ruleLabel, type ConfigRule } from './config-rules.js';
import type { NormalizedTarget } from './normalized-bus.js';
import type { NormalizedConfig } from './normalized-config.js';
import { ruleChanges, type WantedRule } from './rule-plan.js';
import { targetDefinition } from './rule-targets.js';

/** What rules need for their `http` targets: the API destination made for each (http-targets.ts). */
export interface HttpTargets {
  /**
   * The ARN of the API destination for this target of (bus, rule), created or updated to match it, and
   * whether an existing one was updated (its rule's Target is then the same, yet the target changed).
   */
  destinationOf(bus: string, rule: string, target: Extract<NormalizedTarget, { http: unknown }>): Promise<{ arn: string; changed: boolean }>;
  /** Deletes the API destination made for `target` of (bus, rule), when `target` (stored, being removed) is one. */
  removeDestinationOf(bus: string, rule: string, target: TargetDefinition): Promise<void>;
}

/** The config's rules compared with the stored ones (reads only); `run` then makes the writes. */
export interface RulesApplication {
  refused: string[];
  run(recorder: ApplyRecorder): Promise<void>;
}

/**
 * Every rule of the config (its `rules` and its functions' bus events, config-rules.ts), each written
 * whole — pattern, schedule, state, description and targets — in one rule write (one transaction that
 * also bumps its bus's version), so no event meets a rule half applied. Targets are set to exactly the
 * config's: stored targets it does not list are removed. Tags and RoleArn set through the API stay.
 * Rules an AWS service manages (ManagedBy) are refused, as PutRule refuses them.
 */
export async function applyRules(config: NormalizedConfig, ctx: BusContext, http: HttpTargets | undefined): Promise<RulesApplication> {
  const rules = configRules(config);
  const refused: string[] = [];
  for (const { bus, name, path, rule } of rules) {
    const stored = await ctx.store.getDocument<RuleDefinition>('rule', bus, name);
    if (stored?.definition.ManagedBy !== undefined) {
      refused.push(`${path}: rule ${name} on bus ${bus} is managed by ${stored.definition.ManagedBy} and cannot be changed`);
    }
    if (http === undefined && rule.targets.some((target) => 'http' in target)) {
      refused.push(`${path}: http targets: no API destinations to apply them to`);
    }
  }
  return {
    refused,
    async run(recorder) {
      for (const rule of rules) await applyRule(config, ctx, http, rule, recorder);
    },
  };
}

async function applyRule(config: NormalizedConfig, ctx: BusContext, http: HttpTargets | undefined, { bus, name, path, rule }: ConfigRule, recorder: ApplyRecorder): Promise<void> {
  const targets: TargetDefinition[] = [];
  /** `~target http-…` for each API destination updated in place: its rule's Target names the same ARN. */
  const destinationsChanged: string[] = [];
  for (const [index, target] of rule.targets.entries()) {
    // An API destination the bus refuses is the config's problem, named by the target's path.
    const destination = 'http' in target ? await refusedAs(config, at(at(path, 'targets'), index), () => http!.destinationOf(bus, name, target)) : undefined;
    if (destination?.changed) destinationsChanged.push(`~target ${target.id}`);
    targets.push(targetDefinition(target, ctx.deployment, destination?.arn));
  }
  const wanted: WantedRule = {
    ...(rule.pattern && { EventPattern: JSON.stringify(rule.pattern) }),
    ...(rule.schedule !== undefined && { ScheduleExpression: rule.schedule }),
    State: rule.enabled ? 'ENABLED' : 'DISABLED',
    ...(rule.description !== undefined && { Description: rule.description }),
    Targets: targets,
  };
  const label = ruleLabel(bus, name);
  await requireBus(ctx, bus); // the default bus's document is written the first time anything needs it
  const stored = await ctx.store.getDocument<RuleDefinition>('rule', bus, name);
  if (stored && ruleChanges(stored.definition, wanted).length === 0) {
    if (destinationsChanged.length === 0) recorder.record('unchanged', { kind: 'rule', name: label, changes: [] });
    else recorder.record('updated', { kind: 'rule', name: label, changes: destinationsChanged });
    return;
  }
  const now = ctx.clock.now();
  const outcome = await writeRule(ctx, bus, name, (current) => {
    const anchor = scheduleAnchor(current, wanted.ScheduleExpression, now);
    const definition: RuleDefinition = {
      ...wanted,
      ...(current?.definition.RoleArn !== undefined && { RoleArn: current.definition.RoleArn }),
      Tags: current?.definition.Tags ?? {},
      ...(anchor !== undefined && { scheduleAnchor: anchor }),
    };
    const changes = current ? ruleChanges(current.definition, wanted) : undefined;
    const removed = current?.definition.Targets.filter((target) => !targets.some((kept) => kept.Id === target.Id)) ?? [];
    return { definition, dueAt: nextDueAt(current, definition, now), result: { changes, removed } };
  });
  for (const target of outcome.removed) await http?.removeDestinationOf(bus, name, target);
  if (outcome.changes === undefined) recorder.record('created', { kind: 'rule', name: label, changes: [] });
  else recorder.record('updated', { kind: 'rule', name: label, changes: [...new Set([...outcome.changes, ...destinationsChanged])] });
}

/**
 * Deletes rules dropped from the config (`eddy dev`), targets and all, in one write each, and the API
 * destinations made for their `http` targets. A rule already gone, or now managed by a service, is left.
 */
export async function removeRules(ctx: BusContext, http: HttpTargets | undefined, rules: readonly { bus: string; name: string }[]): Promise<void> {
  for (const { bus, name } of rules) {
    const stored = await ctx.store.getDocument<RuleDefinition>('rule', bus, name);
    if (!stored || stored.definition.ManagedBy !== undefined) continue;
    const removed = await writeRule(ctx, bus, name, (current) => ({ definition: null, result: current?.definition.Targets ?? [] }));
    for (const target of removed) await http?.removeDestinationOf(bus, name, target);
  }
}
