import type { BusDocument } from '../storage/bus-store.js';
import { DEFAULT_BUS, busNameOf } from './bus-arns.js';
import type { BusContext } from './bus-context.js';
import type { BusDefinition, RuleDefinition } from './bus-documents.js';
import { busErrors } from './bus-errors.js';

export type Bus = BusDocument<BusDefinition>;
export type Rule = BusDocument<RuleDefinition>;

/**
 * The bus a request names (by name or ARN; the default bus when absent), or ResourceNotFoundException.
 * The default bus always exists: its document is written the first time anything needs it, so rule
 * writes have a bus version to bump and DescribeEventBus a creation time to show.
 */
export async function requireBus(ctx: BusContext, nameOrArn: string | undefined): Promise<Bus> {
  const name = busNameOf(ctx.deployment, nameOrArn);
  if (name === undefined) throw busErrors.busNotFound(nameOrArn!);
  const found = await ctx.store.getDocument<BusDefinition>('bus', '', name);
  if (found) return found;
  if (name !== DEFAULT_BUS) throw busErrors.busNotFound(name);
  await ctx.store.writeDocument<BusDefinition, void>({
    kind: 'bus',
    scope: '',
    name,
    now: ctx.clock.now(),
    // Another request may have written it meanwhile: keep what it wrote.
    decide: (current) => ({ definition: current?.definition ?? { Tags: {} }, result: undefined }),
  });
  return (await ctx.store.getDocument<BusDefinition>('bus', '', name))!;
}

/** A rule of `bus`, or ResourceNotFoundException naming both. */
export async function requireRule(ctx: BusContext, bus: string, name: string): Promise<Rule> {
  const rule = await ctx.store.getDocument<RuleDefinition>('rule', bus, name);
  if (!rule) throw busErrors.ruleNotFound(name, bus);
  return rule;
}

/** What a rule write decides: the new definition (null deletes), its next firing, and the answer. */
export interface RuleDecision<R> {
  definition: RuleDefinition | null;
  /** undefined keeps the stored one; null clears it. */
  dueAt?: number | null;
  result: R;
}

/**
 * Writes one rule as `decide(current)` says, in one transaction that also bumps its bus's version (the
 * matcher cache of every node checks it). `decide` may throw a ServiceError: nothing is written. A write
 * that sets the rule's next firing wakes this process's firing loop, which may be asleep until later.
 */
export async function writeRule<R>(ctx: BusContext, bus: string, name: string, decide: (current: Rule | undefined) => RuleDecision<R>): Promise<R> {
  let scheduled = false;
  const result = await ctx.store.writeDocument<RuleDefinition, R>({
    kind: 'rule',
    scope: bus,
    name,
    now: ctx.clock.now(),
    touch: { kind: 'bus', scope: '', name: bus },
    decide: (current) => {
      const decision = decide(current);
      scheduled = typeof decision.dueAt === 'number';
      return decision;
    },
  });
  if (scheduled) ctx.schedules?.wake();
  return result;
}

/** Writes a bus's document; `decide` gets the current one (absent only for a bus deleted meanwhile). */
export function writeBus<R>(ctx: BusContext, name: string, decide: (current: Bus | undefined) => { definition: BusDefinition | null; result: R }): Promise<R> {
  return ctx.store.writeDocument<BusDefinition, R>({ kind: 'bus', scope: '', name, now: ctx.clock.now(), decide });
}
