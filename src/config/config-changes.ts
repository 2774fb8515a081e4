import { configRules, ruleLabel } from './config-rules.js';
import type { NormalizedConfig, NormalizedFunction, NormalizedRoute } from './normalized-config.js';
import { topicsRemoved, type ConfigSubscription } from '../topics/config/topic-declarations.js';

/** A function's `stream` or `queue` event: one event source mapping, from a table's stream or a queue. */
export interface EventRef {
  function: string;
  kind: 'stream' | 'queue';
  /** The table or queue name. */
  source: string;
}

export interface Changed<T> {
  item: T;
  /** What changed, e.g. `timeout 3 → 10`. */
  changes: string[];
}

/** What an edited config changes, besides its tables and queues (applied like at start, see apply-config.ts). */
export interface ConfigChanges {
  functions: { added: string[]; changed: Changed<string>[]; removed: string[] };
  events: { added: EventRef[]; changed: Changed<EventRef>[]; removed: EventRef[] };
  routes: { added: NormalizedRoute[]; changed: Changed<NormalizedRoute>[]; removed: NormalizedRoute[] };
  corsChanged: boolean;
  /** Rules (the config's and its functions' bus events) no longer in the config: deleted. Those added or changed are told by applying them. */
  rulesRemoved: { bus: string; name: string }[];
  /** Scheduler schedules no longer in the config: deleted. */
  schedulesRemoved: { group: string; name: string }[];
  /** Pipes no longer in the config: deleted. */
  pipesRemoved: string[];
  /** Topics, and subscriptions of topics kept (functions' sns events among them), no longer in the config: deleted. */
  topicsRemoved: { topics: string[]; subscriptions: ConfigSubscription[] };
  /** Declared before and no longer: left in storage with their data. */
  tablesKept: string[];
  queuesKept: string[];
  busesKept: string[];
  archivesKept: string[];
  connectionsKept: string[];
}

/** Compares the config in force with its edited version. */
export function configChanges(before: NormalizedConfig, after: NormalizedConfig): ConfigChanges {
  const functions = (config: NormalizedConfig) => Object.entries(config.functions);
  return {
    functions: diffList(functions(before), functions(after), ([name]) => name, ([, a], [, b]) => functionChanges(a, b), ([name]) => name),
    events: diffList(eventsOf(before), eventsOf(after), (e) => eventLabel(e.ref), (a, b) => settingChanges(a.settings, b.settings), (e) => e.ref),
    routes: diffList(before.http?.routes ?? [], after.http?.routes ?? [], (r) => r.routeKey, settingChanges, (r) => r),
    corsChanged: JSON.stringify(before.http?.cors) !== JSON.stringify(after.http?.cors),
    rulesRemoved: rulesRemoved(before, after),
    schedulesRemoved: schedulesRemoved(before, after),
    pipesRemoved: dropped(before.pipes ?? {}, after.pipes ?? {}),
    topicsRemoved: topicsRemoved(before, after),
    tablesKept: dropped(before.tables, after.tables),
    queuesKept: dropped(before.queues, after.queues),
    busesKept: dropped(before.buses, after.buses),
    archivesKept: dropped(before.archives, after.archives),
    connectionsKept: dropped(before.connections, after.connections),
  };
}

const dropped = (before: object, after: object): string[] => Object.keys(before).filter((name) => !(name in after));

function rulesRemoved(before: NormalizedConfig, after: NormalizedConfig): { bus: string; name: string }[] {
  const kept = new Set(configRules(after).map((rule) => ruleLabel(rule.bus, rule.name)));
  return configRules(before)
    .filter((rule) => !kept.has(ruleLabel(rule.bus, rule.name)))
    .map(({ bus, name }) => ({ bus, name }));
}

function schedulesRemoved(before: NormalizedConfig, after: NormalizedConfig): { group: string; name: string }[] {
  const key = (group: string, name: string) => `${group}/${name}`;
  const kept = new Set(Object.entries(after.schedules ?? {}).map(([name, s]) => key(s.group, name)));
  return Object.entries(before.schedules ?? {})
    .filter(([name, s]) => !kept.has(key(s.group, name)))
    .map(([name, s]) => ({ group: s.group, name }));
}

/** `stream Users → indexUsers`, `queue jobs → worker`. */
export const eventLabel = (ref: EventRef): string => `${ref.kind} ${ref.source} → ${ref.function}`;

/** Every stream and queue event, with its settings. */
function eventsOf(config: NormalizedConfig): { ref: EventRef; settings: object }[] {
  return Object.entries(config.functions).flatMap(([name, fn]) =>
    fn.events.flatMap((event): { ref: EventRef; settings: object }[] => {
      if ('stream' in event) return [{ ref: { function: name, kind: 'stream', source: event.stream.table }, settings: event.stream }];
      if ('queue' in event) return [{ ref: { function: name, kind: 'queue', source: event.queue.name }, settings: event.queue }];
      return [];
    }),
  );
}

/** The settings a deploy applies; events and routes are mappings and routes of their own. */
function functionChanges(a: NormalizedFunction, b: NormalizedFunction): string[] {
  const settings = (fn: NormalizedFunction) => ({
    handler: fn.handler,
    runtime: fn.runtime ?? 'nodejs',
    codeDir: fn.codeDir,
    pythonPath: fn.pythonPath ?? 'none',
    isolation: fn.isolation ?? 'thread',
    timeout: fn.timeout,
    memorySize: fn.memorySize,
    reservedConcurrency: fn.reservedConcurrency ?? 'none',
    asyncInvoke: fn.asyncInvoke ?? 'none',
    deadLetter: fn.deadLetter ?? 'none',
  });
  const changes = settingChanges(settings(a), settings(b));
  const names = new Set([...Object.keys(a.environment), ...Object.keys(b.environment)]);
  const variables = [...names].flatMap((name) => {
    if (!(name in a.environment)) return [`+${name}`];
    if (!(name in b.environment)) return [`-${name}`];
    return a.environment[name] === b.environment[name] ? [] : [`~${name}`];
  });
  if (variables.length > 0) changes.push(`environment ${variables.join(' ')}`);
  return changes;
}

/** `field old → new` per differing field; a list or an object is only said to have changed. */
function settingChanges(a: object, b: object): string[] {
  const before = a as Record<string, unknown>;
  const after = b as Record<string, unknown>;
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].flatMap((field) => {
    const [x, y] = [before[field], after[field]];
    if (JSON.stringify(x) === JSON.stringify(y)) return [];
    const scalar = (v: unknown) => v === undefined || v === null || typeof v !== 'object';
    return [scalar(x) && scalar(y) ? `${field} ${String(x ?? 'none')} → ${String(y ?? 'none')}` : `${field} changed`];
  });
}

/** Items added, changed (by `compare`) and removed, matched by `key`, shown by `view`. */
function diffList<T, R>(before: T[], after: T[], key: (item: T) => string, compare: (a: T, b: T) => string[], view: (item: T) => R) {
  const old = new Map(before.map((item) => [key(item), item]));
  const now = new Map(after.map((item) => [key(item), item]));
  return {
    added: [...now].filter(([k]) => !old.has(k)).map(([, item]) => view(item)),
    changed: [...now]
      .filter(([k]) => old.has(k))
      .map(([k, item]) => ({ item: view(item), changes: compare(old.get(k)!, item) }))
      .filter((entry) => entry.changes.length > 0),
    removed: [...old].filter(([k]) => !now.has(k)).map(([, item]) => view(item)),
  };
}
