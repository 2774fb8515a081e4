import type { TableStreamSpec } from '../storage/engine.js';
import type { TableDefinition } from '../table/table-definition.js';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

/** What the domain keeps with each stream in the engine (TableStreamSpec.meta), read back by DescribeStream. */
export interface StreamMeta {
  readonly tableName: string;
  readonly viewType: StreamViewType;
  readonly keySchema: readonly KeySchemaElement[];
}

/**
 * The stream a table definition asks the engine for: its newest label, enabled or not (a disabled one
 * closes that stream's shards). Undefined for a table that never had a stream. A disable keeps the
 * view type of the stream it closes (`previous`), since the definition forgets it.
 */
export function tableStreamSpec(
  definition: TableDefinition,
  shardCount: number,
  previous?: TableDefinition,
): TableStreamSpec | undefined {
  const label = definition.latestStreamLabel;
  if (label === undefined) return undefined;
  const viewType = definition.stream?.viewType ?? previous?.stream?.viewType ?? 'KEYS_ONLY';
  const meta: StreamMeta = { tableName: definition.name, viewType, keySchema: keySchemaOf(definition) };
  return { label, enabled: definition.stream?.enabled === true, shardCount, meta };
}

export function keySchemaOf(definition: TableDefinition): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: definition.key.partition.name, KeyType: 'HASH' }];
  if (definition.key.sort) schema.push({ AttributeName: definition.key.sort.name, KeyType: 'RANGE' });
  return schema;
}
