import { DEFAULT_BUS } from '../bus/bus-arns.js';
import { BUS_NAME } from './bus-name-rules.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedBusEvent } from './normalized-bus.js';
import { TARGET_OPTIONS, validateTargetOptions } from './validate-target-options.js';
import { validateEventPattern } from './validate-rule-triggers.js';

/**
 * A function's `eventBridge` event: `{ bus?, pattern, …target options }`, a rule on the bus whose one
 * target is the function (config-rules.ts). The target options are checked as a rule's target's are,
 * under the Id the function's target gets (`function-<name>`).
 */
export function validateBusEvent(check: ConfigChecker, raw: unknown, path: ConfigPath, targetId: string): NormalizedBusEvent | undefined {
  const event = check.object(raw, path, ['bus', 'pattern', ...TARGET_OPTIONS]);
  if (!event) return undefined;
  const bus = event['bus'] === undefined ? DEFAULT_BUS : check.string(event['bus'], at(path, 'bus'), BUS_NAME);
  const pattern = check.present(event['pattern'], at(path, 'pattern')) ? validateEventPattern(check, event['pattern'], at(path, 'pattern')) : undefined;
  const options = validateTargetOptions(check, event, path, targetId);
  return bus === undefined || pattern === undefined || options === undefined ? undefined : { bus, pattern, ...options };
}
