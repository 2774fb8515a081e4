import { keyAttributesOf } from './indexes/index-key.js';
import type { IndexDefinition, TableDefinition } from './table-definition.js';
import type { AttributeMap } from './values/attribute-value.js';
import { valuesEqual } from './values/compare.js';
import { attributeSize } from './values/item-size.js';
import { setOwn } from './values/normalize-value.js';

/**
 * Capacity units as DynamoDB counts them ("Read/write capacity unit consumption" in the developer guide):
 * a write is ceil(size / 1 KB) WCU of the larger of the old and new item, a read ceil(size / 4 KB) RCU of
 * the whole stored item (projections do not reduce it), halved when eventually consistent; an absent
 * item still costs one unit. Transactions cost double; batch operations sum their items.
 */

export type ReturnConsumedCapacity = 'TOTAL' | 'INDEXES' | 'NONE';

const WRITE_UNIT_BYTES = 1024;
const READ_UNIT_BYTES = 4096;

export interface Capacity {
  CapacityUnits: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** The ConsumedCapacity member of a response. */
export interface ConsumedCapacity extends Capacity {
  TableName: string;
  Table?: Capacity;
  GlobalSecondaryIndexes?: Record<string, Capacity>;
  LocalSecondaryIndexes?: Record<string, Capacity>;
}

/** Units consumed on the secondary indexes by one write, by index name (only indexes written to appear). */
export interface IndexUnits {
  global?: Record<string, number>;
  local?: Record<string, number>;
}

/** WCU of writing an item whose old and new sizes are given (0 for absent). */
export function writeUnits(oldSize: number, newSize: number): number {
  return Math.max(1, Math.ceil(Math.max(oldSize, newSize) / WRITE_UNIT_BYTES));
}

/** RCU of reading an item of `size` bytes (0 for absent). */
export function readUnits(size: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(size / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

/**
 * The ConsumedCapacity to return for `mode` (undefined for NONE or absent). TOTAL gives the aggregate;
 * INDEXES adds the table's share and each index written to. `tableName` is echoed as the request gave it
 * (a name or an ARN). The Read/WriteCapacityUnits members follow what DynamoDB returns today alongside
 * CapacityUnits (seen in current responses; older responses carried CapacityUnits alone).
 */
export function consumedCapacity(
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  kind: 'read' | 'write',
  tableUnits: number,
  indexes?: IndexUnits,
): ConsumedCapacity | undefined {
  if (mode === undefined || mode === 'NONE') return undefined;
  let total = tableUnits;
  const global = indexes?.global ? capacities(indexes.global, kind) : undefined;
  const local = indexes?.local ? capacities(indexes.local, kind) : undefined;
  if (indexes?.global) for (const name in indexes.global) total += indexes.global[name]!;
  if (indexes?.local) for (const name in indexes.local) total += indexes.local[name]!;
  const consumed: ConsumedCapacity = { TableName: tableName, ...capacity(total, kind) };
  if (mode === 'INDEXES') {
    consumed.Table = capacity(tableUnits, kind);
    if (local) consumed.LocalSecondaryIndexes = local;
    if (global) consumed.GlobalSecondaryIndexes = global;
  }
  return consumed;
}

function capacity(units: number, kind: 'read' | 'write'): Capacity {
  return kind === 'read' ? { CapacityUnits: units, ReadCapacityUnits: units } : { CapacityUnits: units, WriteCapacityUnits: units };
}

function capacities(units: Record<string, number>, kind: 'read' | 'write'): Record<string, Capacity> | undefined {
  let result: Record<string, Capacity> | undefined;
  for (const name in units) setOwn((result ??= {}), name, capacity(units[name]!, kind));
  return result;
}

/**
 * WCU a write costs on each secondary index ("Provisioned throughput considerations for global secondary
 * indexes"): an index entry appearing, disappearing or changing its projected attributes costs one write
 * of the entry's size; a change of the index key costs two (delete the old entry, put the new one);
 * entries that do not change cost nothing. Returns undefined when no index is written.
 */
export function indexWriteUnits(
  table: TableDefinition,
  oldItem: AttributeMap | undefined,
  newItem: AttributeMap | undefined,
): IndexUnits | undefined {
  if (table.globalIndexes.length === 0 && table.localIndexes.length === 0) return undefined;
  let result: IndexUnits | undefined;
  for (const index of table.globalIndexes) {
    const units = indexUnits(table, index, oldItem, newItem);
    if (units > 0) setOwn(((result ??= {}).global ??= {}), index.name, units);
  }
  for (const index of table.localIndexes) {
    const units = indexUnits(table, index, oldItem, newItem);
    if (units > 0) setOwn(((result ??= {}).local ??= {}), index.name, units);
  }
  return result;
}

function indexUnits(
  table: TableDefinition,
  index: IndexDefinition,
  oldItem: AttributeMap | undefined,
  newItem: AttributeMap | undefined,
): number {
  const before = oldItem && inIndex(index, oldItem) ? oldItem : undefined;
  const after = newItem && inIndex(index, newItem) ? newItem : undefined;
  if (!before && !after) return 0;
  if (!before) return entryUnits(table, index, after!);
  if (!after) return entryUnits(table, index, before);
  const names = projectedNames(table, index, before, after);
  let keyChanged = false;
  let changed = false;
  for (const name of names) {
    const a = Object.hasOwn(before, name) ? before[name] : undefined;
    const b = Object.hasOwn(after, name) ? after[name] : undefined;
    const same = a === b || (a !== undefined && b !== undefined && valuesEqual(a, b));
    if (same) continue;
    changed = true;
    if (keyAttributesOf(index.key).some((attribute) => attribute.name === name)) keyChanged = true;
  }
  if (!changed) return 0;
  if (keyChanged) return entryUnits(table, index, before) + entryUnits(table, index, after);
  return Math.max(entryUnits(table, index, before), entryUnits(table, index, after));
}

function inIndex(index: IndexDefinition, item: AttributeMap): boolean {
  return keyAttributesOf(index.key).every((attribute) => Object.hasOwn(item, attribute.name));
}

function entryUnits(table: TableDefinition, index: IndexDefinition, item: AttributeMap): number {
  let size = 0;
  for (const name of projectedNames(table, index, item)) {
    if (Object.hasOwn(item, name)) size += attributeSize(name, item[name]!);
  }
  return writeUnits(0, size);
}

/** Names of the attributes an index entry holds: keys of table and index plus the projection. */
function projectedNames(table: TableDefinition, index: IndexDefinition, ...items: AttributeMap[]): Set<string> {
  const names = new Set<string>([table.key.partition.name]);
  if (table.key.sort) names.add(table.key.sort.name);
  for (const attribute of keyAttributesOf(index.key)) names.add(attribute.name);
  const { ProjectionType, NonKeyAttributes } = index.projection;
  if (ProjectionType === 'INCLUDE' && NonKeyAttributes) for (const name of NonKeyAttributes) names.add(name);
  if (ProjectionType === 'ALL') for (const item of items) for (const name in item) names.add(name);
  return names;
}
