import type { RuleDefinition, TargetDefinition } from '../bus/bus-documents.js';

/** What a rule write of the config sets; the rest of the stored definition (tags, RoleArn) stays. */
export interface WantedRule {
  EventPattern?: string;
  ScheduleExpression?: string;
  State: RuleDefinition['State'];
  Description?: string;
  Targets: TargetDefinition[];
}

/**
 * What differs between a stored rule and the config's: `pattern changed`, `schedule rate(5 minutes) →
 * rate(1 hour)`, `state ENABLED → DISABLED`, `description changed`, `+target queue-jobs`,
 * `~target function-audit`, `-target bus-old`. Empty when the config asks for nothing new. Patterns are
 * compared by meaning, so one put through the API with other spacing is no change.
 */
export function ruleChanges(stored: RuleDefinition, wanted: WantedRule): string[] {
  const changes: string[] = [];
  if (!sameJson(stored.EventPattern, wanted.EventPattern)) changes.push('pattern changed');
  if (stored.ScheduleExpression !== wanted.ScheduleExpression) changes.push(`schedule ${stored.ScheduleExpression ?? 'none'} → ${wanted.ScheduleExpression ?? 'none'}`);
  if (stored.State !== wanted.State) changes.push(`state ${stored.State} → ${wanted.State}`);
  if (stored.Description !== wanted.Description) changes.push('description changed');
  const before = new Map(stored.Targets.map((target) => [target.Id, target]));
  const after = new Map(wanted.Targets.map((target) => [target.Id, target]));
  for (const [id, target] of after) {
    if (!before.has(id)) changes.push(`+target ${id}`);
    else if (canonical(before.get(id)) !== canonical(target)) changes.push(`~target ${id}`);
  }
  for (const id of before.keys()) if (!after.has(id)) changes.push(`-target ${id}`);
  if (changes.length === 0 && stored.Targets.some((target, i) => target.Id !== wanted.Targets[i]?.Id)) changes.push('targets reordered');
  return changes;
}

/** Whether two JSON values (or texts, such as patterns) mean the same, object keys in any order. */
export const sameJson = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** JSON text with object keys sorted, for comparing by meaning; a pattern is given as its text. */
function canonical(value: unknown): string {
  const parsed = typeof value === 'string' ? safeParse(value) : value;
  return JSON.stringify(parsed, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? 'undefined';
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
