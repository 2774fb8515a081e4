import type { KeyAttributeConfig, StreamViewType } from './config-types.js';
import { at } from './config-checker.js';
import type { NormalizedIndex, NormalizedTable } from './normalized-config.js';

type KeySchema = { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
type WireProjection = { ProjectionType: string; NonKeyAttributes?: string[] };
type WireIndex = { IndexName: string; KeySchema: KeySchema; Projection: WireProjection };

/** The parts of DescribeTable's and DescribeTimeToLive's answers a config decides. */
export interface StoredTable {
  KeySchema: KeySchema;
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  GlobalSecondaryIndexes?: WireIndex[];
  LocalSecondaryIndexes?: WireIndex[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: StreamViewType };
  ttlAttribute: string | undefined;
}

/** What applying a table's config to its stored state takes: UpdateTable / UpdateTimeToLive requests, in order. */
export interface TablePlan {
  /** Differences that cannot be applied, as `path: reason`. */
  refused: string[];
  /** Wire requests (without TableName) for updateTable or updateTimeToLive, in order. */
  steps: ({ op: 'updateTable'; input: Record<string, unknown> } | { op: 'updateTimeToLive'; input: Record<string, unknown> })[];
  /** Human-readable changes, e.g. `stream NEW_IMAGE → KEYS_ONLY`. */
  changes: string[];
}

/** CreateTable's input for a table of the config (on demand, as Eddy has no capacity to provision). */
export function createTableInput(name: string, table: NormalizedTable): Record<string, unknown> {
  const input: Record<string, unknown> = {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions([table, ...Object.values(table.globalIndexes), ...Object.values(table.localIndexes)]),
    KeySchema: keySchema(table),
  };
  const globals = Object.entries(table.globalIndexes).map(([n, index]) => wireIndex(n, index));
  const locals = Object.entries(table.localIndexes).map(([n, index]) => wireIndex(n, index));
  if (globals.length > 0) input['GlobalSecondaryIndexes'] = globals;
  if (locals.length > 0) input['LocalSecondaryIndexes'] = locals;
  if (table.stream) input['StreamSpecification'] = { StreamEnabled: true, StreamViewType: table.stream };
  return input;
}

/**
 * Compares a stored table with its config. Keys and local indexes are fixed at creation; a global index
 * may be added but never changed or dropped here; stream and TTL follow the config.
 */
export function planTable(path: string, table: NormalizedTable, stored: StoredTable): TablePlan {
  const plan: TablePlan = { refused: [], steps: [], changes: [] };
  const types = new Map(stored.AttributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
  const storedKey = keyOf(stored.KeySchema, types);
  const recreate = "a table's key cannot change (delete the table to re-create it)";
  for (const part of ['partitionKey', 'sortKey'] as const) {
    if (keyText(storedKey[part]) !== keyText(table[part])) {
      plan.refused.push(`${at(path, part)}: the stored table's is ${keyText(storedKey[part])}, the config's ${keyText(table[part])}; ${recreate}`);
    }
  }
  compareIndexes(plan, at(path, 'localIndexes'), table.localIndexes, stored.LocalSecondaryIndexes ?? [], types, 'local');
  compareIndexes(plan, at(path, 'globalIndexes'), table.globalIndexes, stored.GlobalSecondaryIndexes ?? [], types, 'global');

  const current = stored.StreamSpecification?.StreamEnabled ? stored.StreamSpecification.StreamViewType! : false;
  if (current !== table.stream) {
    // A stream's view type cannot change in place: the old stream is disabled and a new one (a new ARN) enabled.
    if (current) plan.steps.push({ op: 'updateTable', input: { StreamSpecification: { StreamEnabled: false } } });
    if (table.stream) plan.steps.push({ op: 'updateTable', input: { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } } });
    plan.changes.push(`stream ${current || 'off'} → ${table.stream || 'off'}`);
  }
  if (stored.ttlAttribute !== table.ttlAttribute) {
    // TTL moves to another attribute by disabling, then enabling (AWS refuses a direct change).
    if (stored.ttlAttribute !== undefined) {
      plan.steps.push({ op: 'updateTimeToLive', input: { TimeToLiveSpecification: { Enabled: false, AttributeName: stored.ttlAttribute } } });
    }
    if (table.ttlAttribute !== undefined) {
      plan.steps.push({ op: 'updateTimeToLive', input: { TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute } } });
    }
    plan.changes.push(`ttl ${stored.ttlAttribute ?? 'off'} → ${table.ttlAttribute ?? 'off'}`);
  }
  return plan;
}

function compareIndexes(
  plan: TablePlan,
  path: string,
  wanted: Record<string, NormalizedIndex>,
  stored: readonly WireIndex[],
  types: ReadonlyMap<string, string>,
  kind: 'global' | 'local',
): void {
  for (const [name, index] of Object.entries(wanted)) {
    const existing = stored.find((s) => s.IndexName === name);
    if (!existing) {
      if (kind === 'local') {
        plan.refused.push(`${at(path, name)}: the stored table has no such index, and local indexes are only made with their table (delete the table to re-create it)`);
      } else {
        const input = { IndexName: name, KeySchema: keySchema(index), Projection: wireProjection(index) };
        plan.steps.push({ op: 'updateTable', input: { AttributeDefinitions: attributeDefinitions([index]), GlobalSecondaryIndexUpdates: [{ Create: input }] } });
        plan.changes.push(`index ${name} added`);
      }
      continue;
    }
    const storedText = indexText(existing, types);
    const wantedText = indexText(wireIndex(name, index), new Map([...keyTypes(index)]));
    if (storedText !== wantedText) {
      plan.refused.push(`${at(path, name)}: the stored index is ${storedText}, the config's ${wantedText}; an index cannot change (delete it with UpdateTable, then apply again)`);
    }
  }
  for (const existing of stored) {
    if (!(existing.IndexName in wanted)) {
      plan.refused.push(`${at(path, existing.IndexName)}: the stored table has this ${kind} index and the config does not declare it; Eddy never drops an index (declare it, or delete it with UpdateTable)`);
    }
  }
}

type KeyHolder = { partitionKey: KeyAttributeConfig; sortKey?: KeyAttributeConfig };

function keySchema(holder: KeyHolder): KeySchema {
  const schema: KeySchema = [{ AttributeName: holder.partitionKey.name, KeyType: 'HASH' }];
  if (holder.sortKey) schema.push({ AttributeName: holder.sortKey.name, KeyType: 'RANGE' });
  return schema;
}

function* keyTypes(holder: KeyHolder): Iterable<[string, string]> {
  yield [holder.partitionKey.name, holder.partitionKey.type];
  if (holder.sortKey) yield [holder.sortKey.name, holder.sortKey.type];
}

function attributeDefinitions(holders: readonly KeyHolder[]): { AttributeName: string; AttributeType: string }[] {
  const types = new Map<string, string>();
  for (const holder of holders) for (const [name, type] of keyTypes(holder)) types.set(name, type);
  return [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

function wireProjection(index: NormalizedIndex): WireProjection {
  const p = index.projection;
  return p.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: p.nonKeyAttributes } : { ProjectionType: p.type };
}

function wireIndex(name: string, index: NormalizedIndex): WireIndex {
  return { IndexName: name, KeySchema: keySchema(index), Projection: wireProjection(index) };
}

function keyOf(schema: KeySchema, types: ReadonlyMap<string, string>): Partial<KeyHolder> {
  const key = (type: 'HASH' | 'RANGE') => {
    const name = schema.find((k) => k.KeyType === type)?.AttributeName;
    return name === undefined ? undefined : ({ name, type: types.get(name) } as KeyAttributeConfig);
  };
  return { partitionKey: key('HASH'), sortKey: key('RANGE') };
}

const keyText = (key: KeyAttributeConfig | undefined) => (key ? `${key.name} (${key.type})` : 'none');

/** `keys email (S), ts (N); projection INCLUDE [a, b]`: what two indexes are compared by. */
function indexText(index: WireIndex, types: ReadonlyMap<string, string>): string {
  const keys = index.KeySchema.map((k) => keyText({ name: k.AttributeName, type: types.get(k.AttributeName) } as KeyAttributeConfig));
  const extra = index.Projection.NonKeyAttributes ? ` [${[...index.Projection.NonKeyAttributes].sort().join(', ')}]` : '';
  return `keys ${keys.join(', ')}; projection ${index.Projection.ProjectionType}${extra}`;
}
