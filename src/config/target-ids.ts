import { createHash } from 'node:crypto';
import type { NormalizedTargetResource } from './normalized-bus.js';

/**
 * The names the config gives what it makes on the bus, derived from the config alone so that applying
 * the same config again finds the same resources:
 * - a target's Id is what it names, `queue-orders.fifo`, `function-audit`, `bus-analytics`,
 *   `http-<connection>`; a second target of a rule naming the same thing gets `-2`, a third `-3`. Ids do
 *   not follow the target's place in the list, so reordering or removing one target leaves the others
 *   (and their counters) as they are.
 * - a function's `eventBridge` or `schedule` event is the rule `<function>-events-<index>` (its index in
 *   the function's `events`), on the event's bus (`default` for schedules).
 * - an `http` target's API destination is `<bus>.<rule>.<target id>`.
 * Every name is at most 64 characters (EventBridge's limit): a longer one is cut and ends in a hash of
 * the whole, so it stays unique and stable.
 */

const MAX_NAME = 64;

export function boundedName(name: string, max = MAX_NAME): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}

/** The Id of each of a rule's targets, in order (never two alike, even for a queue named `a-2` beside two `a`s). */
export function targetIds(targets: readonly NormalizedTargetResource[]): string[] {
  const used = new Set<string>();
  return targets.map((target) => {
    const base = baseId(target);
    let id = boundedName(base);
    for (let n = 2; used.has(id); n++) id = boundedName(`${base}-${n}`);
    used.add(id);
    return id;
  });
}

function baseId(target: NormalizedTargetResource): string {
  if ('queue' in target) return `queue-${target.queue}`;
  if ('function' in target) return `function-${target.function}`;
  if ('bus' in target) return `bus-${target.bus}`;
  if ('topic' in target) return `topic-${target.topic}`;
  return `http-${target.http.connection}`;
}

/** The rule made for `functions.<fn>.events[<index>]`. */
export const functionRuleName = (fn: string, index: number): string => boundedName(`${fn}-events-${index}`);

/** The API destination made for an `http` target. */
export const apiDestinationName = (bus: string, rule: string, targetId: string): string => boundedName(`${bus}.${rule}.${targetId}`);
