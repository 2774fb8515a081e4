import { DEFAULT_BUS } from '../bus/bus-arns.js';
import { BUS_NAME, DESCRIPTION, RULE_NAME } from './bus-name-rules.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedRule } from './normalized-bus.js';
import { validateEventPattern, validateSchedule } from './validate-rule-triggers.js';
import { validateTargets } from './validate-targets.js';

const RULE_FIELDS = ['bus', 'pattern', 'schedule', 'enabled', 'description', 'targets'];

/** The config's `rules`: each on a bus (default `default`), with a pattern, a schedule or both, and up to 5 targets. */
export function validateRules(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedRule> {
  const out: Record<string, NormalizedRule> = {};
  const rules = check.object(raw, path);
  if (!rules) return out;
  for (const [name, value] of Object.entries(rules)) {
    const rulePath = at(path, name);
    const named = check.string(name, rulePath, RULE_NAME) !== undefined;
    const rule = validateRule(check, value, rulePath);
    if (rule && named) out[name] = rule;
  }
  return out;
}

function validateRule(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedRule | undefined {
  const rule = check.object(raw, path, RULE_FIELDS);
  if (!rule) return undefined;
  const field = (name: string) => at(path, name);
  const bus = rule['bus'] === undefined ? DEFAULT_BUS : check.string(rule['bus'], field('bus'), BUS_NAME);
  const pattern = rule['pattern'] === undefined ? null : validateEventPattern(check, rule['pattern'], field('pattern'));
  const schedule = rule['schedule'] === undefined ? null : validateSchedule(check, rule['schedule'], field('schedule'));
  let valid = bus !== undefined && pattern !== undefined && schedule !== undefined;
  if (rule['pattern'] === undefined && rule['schedule'] === undefined) {
    check.problem(path, 'expected a pattern, a schedule or both, got neither');
    valid = false;
  }
  if (schedule && bus !== undefined && bus !== DEFAULT_BUS) {
    // As PutRule: "ScheduleExpression is supported only on the default event bus."
    check.problem(field('schedule'), `schedules run on the default bus only (as on EventBridge), and this rule is on bus ${bus}`);
    valid = false;
  }
  const enabled = rule['enabled'] === undefined ? true : check.boolean(rule['enabled'], field('enabled'));
  const description = rule['description'] === undefined ? null : check.string(rule['description'], field('description'), DESCRIPTION);
  const targets = validateTargets(check, rule['targets'], field('targets'));
  targets?.forEach((target, i) => {
    if ('bus' in target && target.bus === bus) {
      check.problem(at(at(field('targets'), i), 'bus'), `a rule cannot send events to its own bus ${bus} (they would match it again)`);
      valid = false;
    }
  });
  if (!valid || enabled === undefined || description === undefined || targets === undefined) return undefined;
  return {
    bus: bus!,
    ...(pattern && { pattern }),
    ...(schedule && { schedule }),
    enabled,
    ...(description !== null && { description }),
    targets,
  };
}
