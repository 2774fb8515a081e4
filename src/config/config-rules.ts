import { DEFAULT_BUS } from '../bus/bus-arns.js';
import { at, type ConfigPath } from './config-checker.js';
import type { NormalizedRule } from './normalized-bus.js';
import type { NormalizedConfig } from './normalized-config.js';
import { functionRuleName, targetIds } from './target-ids.js';

/** One rule the config puts on a bus: one of its `rules`, or made for a function's `eventBridge` or `schedule` event. */
export interface ConfigRule {
  bus: string;
  name: string;
  /** Where it is declared: `rules.customerCounts`, `functions.recordHistory.events[0]`. */
  path: ConfigPath;
  rule: NormalizedRule;
}

/** `app/customerCounts`: how summaries and messages name a rule. */
export const ruleLabel = (bus: string, name: string): string => `${bus}/${name}`;

/**
 * Every rule of the config, its `rules` first, then its functions' events in order: an `eventBridge`
 * event is the rule `<function>-events-<index>` on its bus, a `schedule` event that rule on the default
 * bus, each enabled, with the function as its one target (Id `function-<name>`, see target-ids.ts).
 */
export function configRules(config: Pick<NormalizedConfig, 'rules' | 'functions'>): ConfigRule[] {
  const rules: ConfigRule[] = Object.entries(config.rules).map(([name, rule]) => ({ bus: rule.bus, name, path: at('rules', name), rule }));
  for (const [fn, { events }] of Object.entries(config.functions)) {
    const [id] = targetIds([{ function: fn }]);
    events.forEach((event, index) => {
      const path = at(at(at('functions', fn), 'events'), index);
      const name = functionRuleName(fn, index);
      if ('eventBridge' in event) {
        const { bus, pattern, ...options } = event.eventBridge;
        rules.push({ bus, name, path, rule: { bus, pattern, enabled: true, targets: [{ function: fn, ...options, id: id! }] } });
      } else if ('schedule' in event) {
        rules.push({ bus: DEFAULT_BUS, name, path, rule: { bus: DEFAULT_BUS, schedule: event.schedule, enabled: true, targets: [{ function: fn, id: id! }] } });
      }
    });
  }
  return rules;
}

/** Two rules of the config with one name on one bus: `path: what it clashes with`. */
export function ruleClashes(rules: readonly ConfigRule[]): { path: ConfigPath; message: string }[] {
  const first = new Map<string, ConfigRule>();
  const clashes: { path: ConfigPath; message: string }[] = [];
  for (const rule of rules) {
    const label = ruleLabel(rule.bus, rule.name);
    const taken = first.get(label);
    if (taken) clashes.push({ path: rule.path, message: `makes the rule ${rule.name} on bus ${rule.bus}, which ${taken.path} already declares` });
    else first.set(label, rule);
  }
  return clashes;
}
