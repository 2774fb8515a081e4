// What an event's conversion knows about its function and service, and how it adds a SAM event to the function.
import type { GeneratedTemplate, Json, JsonObject, Path } from './generated-template.js';

export interface ServiceSettings {
  service: string;
  stage: string;
  provider: JsonObject;
  /** `resources.Resources` of serverless.yml (topics and buses declared there are not created again). */
  userResources: Readonly<Record<string, Json>>;
  /** Logical id of each function of serverless.yml, by its key under `functions`. */
  functionIds: ReadonlyMap<string, string>;
}

export interface ServiceFunction {
  /** The key under `functions` (`createUser`). */
  key: string;
  /** The function's settings as written (resolved). */
  config: JsonObject;
  /** `<Norm>LambdaFunction` (naming.js getLambdaLogicalId). */
  logicalId: string;
  /** Physical name: `name:`, else `<service>-<stage>-<key>`. */
  name: string;
  /** The SAM Events map being built. */
  events: JsonObject;
  /** How many events of each kind came before (rule names and ids count them, 1-based). */
  counters: Map<string, number>;
}

/** One event of a function as written: `functions.<key>.events[i].<type>`. */
export interface ServiceEvent {
  fn: ServiceFunction;
  value: Json;
  /** serverless.yml path of the event's value. */
  from: Path;
  out: GeneratedTemplate;
  settings: ServiceSettings;
}

/** The next count of `kind` for the function (1, 2, …). */
export function nextCount(event: ServiceEvent, kind: string): number {
  const n = (event.fn.counters.get(kind) ?? 0) + 1;
  event.fn.counters.set(kind, n);
  return n;
}

/** Adds SAM event `name` (made unique) of `type` with `properties`, located at the event in serverless.yml. */
export function addSamEvent(event: ServiceEvent, name: string, type: string, properties: JsonObject): string {
  let id = name;
  for (let n = 2; id in event.fn.events; n++) id = `${name}${n}`;
  event.fn.events[id] = { Type: type, Properties: properties };
  const path = ['Resources', event.fn.logicalId, 'Properties', 'Events', id];
  event.out.locate(path, event.from);
  return id;
}

/** Records where a copied property of an event came from (`[...event, 'Properties', key]` ← `event.from + srcKeys`). */
export function locateProperty(event: ServiceEvent, samEvent: string, key: string, from: Path, value: unknown): void {
  event.out.copyLocations(['Resources', event.fn.logicalId, 'Properties', 'Events', samEvent, 'Properties', key], from, value);
}

/** `filterPatterns: [{…}]` → FilterCriteria `{Filters: [{Pattern: JSON}]}` (stream.js / sqs.js). */
export function filterCriteria(patterns: Json | undefined, event: ServiceEvent, from: Path): JsonObject | undefined {
  if (patterns === undefined || patterns === null) return undefined;
  if (!Array.isArray(patterns)) event.out.fail(from, 'filterPatterns must be a list of event patterns');
  return { Filters: patterns.map((pattern) => ({ Pattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern) })) };
}

/** Copies the keys of `source` that are set, renamed (`{batchSize: 'BatchSize'}`). */
export function renamed(source: JsonObject, names: Readonly<Record<string, string>>): JsonObject {
  const out: JsonObject = {};
  for (const [from, to] of Object.entries(names)) if (source[from] !== undefined && source[from] !== null) out[to] = source[from]!;
  return out;
}
