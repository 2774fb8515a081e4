import { DEFAULT_BUS } from '../bus/bus-arns.js';
import type { BusContext } from '../bus/bus-context.js';
import type { QueuesContext } from '../queues/queues-context.js';
import { at, type ConfigPath } from './config-checker.js';
import { configRules } from './config-rules.js';
import type { NormalizedTarget } from './normalized-bus.js';
import type { NormalizedConfig } from './normalized-config.js';

/**
 * Everything the config's bus parts name, checked against the config and what is stored before anything
 * is applied: a rule's bus (a function event's too), each target's queue, function, bus and connection,
 * each dead-letter queue, an archive's bus. Buses, queues and connections may come from the API;
 * functions come from the config only. One problem per reference, `FILE: path: what is missing`.
 */
export async function checkBusReferences(config: NormalizedConfig, bus: BusContext, queues: QueuesContext): Promise<string[]> {
  const problems: string[] = [];
  const problem = (path: ConfigPath, message: string) => problems.push(`${config.file}: ${path}: ${message}`);
  const exists = {
    bus: async (name: string) => name === DEFAULT_BUS || name in config.buses || (await bus.store.getDocument('bus', '', name)) !== undefined,
    queue: async (name: string) => name in config.queues || (await queues.store.get(name)) !== undefined,
    connection: async (name: string) => name in config.connections || (await bus.store.getDocument('connection', '', name)) !== undefined,
  };
  const missing = (kind: string, name: string) => `${kind} ${name} does not exist in this config or in storage`;

  for (const { rule, path } of configRules(config)) {
    const declared = path.startsWith('rules');
    if (!(await exists.bus(rule.bus))) problem(declared ? at(path, 'bus') : at(at(path, 'eventBridge'), 'bus'), missing('bus', rule.bus));
    if (!declared) {
      const [target] = rule.targets;
      if (target?.deadLetter && !(await exists.queue(target.deadLetter.queue))) {
        problem(at(at(at(path, 'eventBridge'), 'deadLetter'), 'queue'), missing('queue', target.deadLetter.queue));
      }
      continue;
    }
    for (const [index, target] of rule.targets.entries()) {
      for (const [fields, message] of await targetProblems(target, config, exists)) {
        problem(fields.reduce(at, at(at(path, 'targets'), index)), message);
      }
    }
  }
  for (const [name, archive] of Object.entries(config.archives)) {
    if (!(await exists.bus(archive.bus))) problem(at(at('archives', name), 'bus'), missing('bus', archive.bus));
  }
  return problems;
}

type Exists = Record<'bus' | 'queue' | 'connection', (name: string) => Promise<boolean>>;

/** `[fields inside the target, message]` for each thing it names that exists nowhere. */
async function targetProblems(target: NormalizedTarget, config: NormalizedConfig, exists: Exists): Promise<[string[], string][]> {
  const out: [string[], string][] = [];
  const missing = (kind: string, name: string) => `${kind} ${name} does not exist in this config or in storage`;
  if ('queue' in target && !(await exists.queue(target.queue))) out.push([['queue'], missing('queue', target.queue)]);
  if ('function' in target && !(target.function in config.functions)) {
    out.push([['function'], `function ${target.function} is not declared in this config (functions are declared under functions)`]);
  }
  if ('bus' in target && !(await exists.bus(target.bus))) out.push([['bus'], missing('bus', target.bus)]);
  if ('http' in target && !(await exists.connection(target.http.connection))) out.push([['http', 'connection'], missing('connection', target.http.connection)]);
  if (target.deadLetter && !(await exists.queue(target.deadLetter.queue))) out.push([['deadLetter', 'queue'], missing('queue', target.deadLetter.queue)]);
  return out;
}
