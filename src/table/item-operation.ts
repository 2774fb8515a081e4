import { RawJson } from '../shared/raw-json.js';
import { MissingTableError, type IndexEntry, type ItemMutation, type ItemWriteRequest, type StoredItem, type WriteTarget } from '../storage/engine.js';
import { pendingRecord, type ItemChange, type RecordSettings } from '../streams/stream-record.js';
import type { EncodedItem } from './item-codec.js';
import type { ConsumedCapacity } from './capacity.js';
import { tableErrors } from './errors.js';
import { decodeItem } from './item-codec.js';
import type { TableEntry } from './table-catalog.js';
import type { TableContext } from './table-context.js';
import { tableNameOf } from './validation/table-name.js';
import { naming } from './table-versions.js';
import type { AttributeMap } from './values/attribute-value.js';
import { setOwn } from './values/normalize-value.js';

/** What the single-item operations (PutItem, GetItem, UpdateItem, DeleteItem) share. */

/**
 * The table an item request names, by name or by ARN (item operations accept both, resolved as the
 * control plane resolves them: an ARN of another region or of an index is a ValidationException, a
 * table of another account does not exist here). A missing table is DynamoDB's short "Requested
 * resource not found", unlike the control plane's message.
 */
export async function requireItemTable(ctx: TableContext, tableName: string): Promise<TableEntry> {
  const name = tableNameOf(tableName, ctx.deployment, tableErrors.resourceNotFound);
  return ctx.catalog.require(name, 'Requested resource not found');
}

/**
 * Writes through the engine; a table deleted between the lookup and the write is DynamoDB's
 * "Requested resource not found", exactly as if the lookup had missed it. The write names the table
 * versions the operation looked up, so one decided against a definition replaced since (on another node)
 * is refused, and run again by withCurrentTables (table-versions.ts).
 */
export async function writeItems<R>(ctx: TableContext, request: ItemWriteRequest<R>): Promise<R> {
  try {
    return await ctx.engine.writeItems(naming(request, ctx.lookups));
  } catch (error) {
    if (error instanceof MissingTableError) throw tableErrors.resourceNotFound('Requested resource not found');
    throw error;
  }
}

/** The targets read as one snapshot (engine.readItems), with writeItems' errors: a table deleted meanwhile is not found. */
export async function readItems(ctx: TableContext, targets: readonly WriteTarget[]): Promise<(StoredItem | undefined)[]> {
  try {
    return await ctx.engine.readItems(naming({ targets, decide: () => ({ mutations: [], result: undefined }) }, ctx.lookups).targets);
  } catch (error) {
    if (error instanceof MissingTableError) throw tableErrors.resourceNotFound('Requested resource not found');
    throw error;
  }
}

/**
 * The mutation list of a single-item write: none when nothing changes (no write, hence no stream
 * record), else the write with its stream record when the table has a stream, and the item's index
 * entries (`entries`, called only for a write that happens; see indexEntriesOf).
 */
export function singleItemMutation(
  changes: boolean,
  item: EncodedItem | null,
  stream: RecordSettings | undefined,
  hash: number,
  change: () => ItemChange,
  entries?: () => IndexEntry[] | undefined,
): ItemMutation[] {
  if (!changes) return [];
  const indexEntries = item === null ? undefined : entries?.();
  const mutation: ItemMutation = stream === undefined ? { target: 0, item } : { target: 0, item, record: pendingRecord(stream, hash, change()) };
  return [indexEntries === undefined ? mutation : { ...mutation, indexEntries }];
}

/**
 * The error of a failed condition; with ReturnValuesOnConditionCheckFailure ALL_OLD it carries the
 * item as it was (no Item when there was none).
 */
export function conditionFailed(onFailure: string | undefined, current: StoredItem | undefined, parsed?: AttributeMap) {
  if (onFailure !== 'ALL_OLD' || current === undefined) return tableErrors.conditionalCheckFailed();
  return tableErrors.conditionalCheckFailed(parsed ?? decodeItem(current.json));
}

/** Response members besides the item: ConsumedCapacity, ItemCollectionMetrics. */
export interface ResponseExtras {
  ConsumedCapacity?: ConsumedCapacity;
  ItemCollectionMetrics?: ItemCollectionMetrics;
}

/**
 * A response with an optional item member (`Item` or `Attributes`) given as stored JSON text, spliced
 * in without parsing, and the extras that are set.
 */
export function itemResponse(member: 'Item' | 'Attributes', json: string | undefined, extras: ResponseExtras): unknown {
  const { ConsumedCapacity, ItemCollectionMetrics } = extras;
  if (json === undefined) {
    const body: ResponseExtras = {};
    if (ConsumedCapacity) body.ConsumedCapacity = ConsumedCapacity;
    if (ItemCollectionMetrics) body.ItemCollectionMetrics = ItemCollectionMetrics;
    return body;
  }
  let text = `{"${member}":${json}`;
  if (ConsumedCapacity) text += `,"ConsumedCapacity":${JSON.stringify(ConsumedCapacity)}`;
  if (ItemCollectionMetrics) text += `,"ItemCollectionMetrics":${JSON.stringify(ItemCollectionMetrics)}`;
  return new RawJson(text + '}');
}

export interface ItemCollectionMetrics {
  ItemCollectionKey: AttributeMap;
  SizeEstimateRangeGB: [number, number];
}

/**
 * ItemCollectionMetrics for ReturnItemCollectionMetrics SIZE: only tables with local secondary
 * indexes have item collections. Eddy keeps no collection sizes; the estimate is the smallest range
 * DynamoDB reports, 0 to 1 GB.
 */
export function itemCollectionMetrics(
  entry: TableEntry,
  mode: string | undefined,
  key: AttributeMap,
): ItemCollectionMetrics | undefined {
  if (mode !== 'SIZE' || entry.definition.localIndexes.length === 0) return undefined;
  const name = entry.definition.key.partition.name;
  const ItemCollectionKey: AttributeMap = {};
  setOwn(ItemCollectionKey, name, key[name]!);
  return { ItemCollectionKey, SizeEstimateRangeGB: [0, 1] };
}

/** True when the table has any secondary index (writes then cost index capacity). */
export const hasIndexes = (entry: TableEntry): boolean =>
  entry.definition.globalIndexes.length > 0 || entry.definition.localIndexes.length > 0;
