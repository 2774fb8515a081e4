import type { ItemKey, StoredItem } from '../../storage/engine.js';
import { recordSettingsOf } from '../../streams/stream-record.js';
import { consumedCapacity, indexWriteUnits, writeUnits, type ConsumedCapacity, type IndexUnits } from '../capacity.js';
import { tableErrors } from '../errors.js';
import { decodeItem, encodeItem, sameItem } from '../item-codec.js';
import { checkIndexKeys, keyOfItem, keyOfKeyMap } from '../item-key.js';
import {
  hasIndexes,
  itemCollectionMetrics,
  requireItemTable,
  singleItemMutation,
  writeItems,
  type ItemCollectionMetrics,
} from '../item-operation.js';
import type { TableEntry } from '../table-catalog.js';
import { indexEntriesOf } from '../indexes/index-entries.js';
import type { TableContext } from '../table-context.js';
import { ItemIdentitySet } from '../transactions/item-identity.js';
import { addIndexUnits } from '../transactions/index-units.js';
import { checkBatchWriteItem, type BatchWrite } from '../validation/batch-write-item.js';

interface ResolvedWrite {
  write: BatchWrite;
  table: TableEntry;
  key: ItemKey;
}

interface WriteOutcome {
  units: number;
  indexUnits: IndexUnits | undefined;
}

/**
 * BatchWriteItem: up to 25 puts and deletes over several tables, with no conditions. Every request is
 * checked (tables, keys, sizes, duplicates) before anything is written; then each is its own write
 * through the engine, with its own stream record, as DynamoDB applies them one by one (not
 * atomically). Eddy never throttles, so UnprocessedItems is always empty.
 */
export async function batchWriteItem(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, writes } = checkBatchWriteItem(body);
  const resolved = await resolveWrites(ctx, writes);
  const capacityMode = input.ReturnConsumedCapacity;
  const wantsCapacity = capacityMode !== undefined && capacityMode !== 'NONE';

  const totals = new Map<string, WriteOutcome>();
  const metrics = new Map<string, ItemCollectionMetrics[]>();
  for (const one of resolved) {
    const outcome = await applyWrite(ctx, one, wantsCapacity && hasIndexes(one.table));
    const { tableName } = one.write;
    const total = totals.get(tableName) ?? { units: 0, indexUnits: undefined };
    totals.set(tableName, { units: total.units + outcome.units, indexUnits: addIndexUnits(total.indexUnits, outcome.indexUnits) });
    const keyMap = one.write.kind === 'put' ? one.write.item : one.write.key;
    const collection = itemCollectionMetrics(one.table, input.ReturnItemCollectionMetrics, keyMap);
    if (collection) metrics.set(tableName, [...(metrics.get(tableName) ?? []), collection]);
  }

  const response: { UnprocessedItems: object; ConsumedCapacity?: ConsumedCapacity[]; ItemCollectionMetrics?: object } = {
    UnprocessedItems: {},
  };
  if (wantsCapacity) {
    response.ConsumedCapacity = [...totals].map(
      ([tableName, total]) => consumedCapacity(capacityMode, tableName, 'write', total.units, total.indexUnits)!,
    );
  }
  if (input.ReturnItemCollectionMetrics === 'SIZE') response.ItemCollectionMetrics = Object.fromEntries(metrics);
  return response;
}

/** Tables, then keys (as PutItem and DeleteItem check them), then duplicates over the whole batch. */
async function resolveWrites(ctx: TableContext, writes: BatchWrite[]): Promise<ResolvedWrite[]> {
  const tables = new Map<string, TableEntry>();
  for (const { tableName } of writes) {
    if (!tables.has(tableName)) tables.set(tableName, await requireItemTable(ctx, tableName));
  }
  const resolved = writes.map((write) => {
    const table = tables.get(write.tableName)!;
    const definition = table.definition;
    if (write.kind === 'delete') return { write, table, key: keyOfKeyMap(definition, write.key) };
    const key = keyOfItem(definition, write.item);
    checkIndexKeys(definition, write.item);
    return { write, table, key };
  });
  const seen = new ItemIdentitySet();
  for (const { table, key } of resolved) {
    if (!seen.add(table.id, key)) throw tableErrors.validation('Provided list of item keys contains duplicates');
  }
  return resolved;
}

/** One put or delete, decided against the item as stored; an unchanged item writes nothing. */
async function applyWrite(ctx: TableContext, { write, table, key }: ResolvedWrite, needsIndexUnits: boolean): Promise<WriteOutcome> {
  const definition = table.definition;
  const stream = recordSettingsOf(definition, ctx.deployment.region);
  const encoded = write.kind === 'put' ? encodeItem(write.item, write.size) : null;
  const newItem = write.kind === 'put' ? write.item : undefined;
  const old = await writeItems<StoredItem | undefined>(ctx, {
    targets: [{ tableId: table.id, key }],
    decide: ([current]) => {
      const changes = encoded === null ? current !== undefined : !sameItem(current, encoded, newItem);
      const mutations = singleItemMutation(changes, encoded, stream, key.hash, () => ({
        keys: write.kind === 'put' ? write.item : write.key,
        oldImage: current,
        newImage: encoded ?? undefined,
        now: ctx.clock.now(),
      }), () => (newItem && encoded ? indexEntriesOf(definition, newItem, encoded) : undefined));
      return { mutations, result: current };
    },
  });
  return {
    units: writeUnits(old?.size ?? 0, encoded?.size ?? 0),
    indexUnits: needsIndexUnits ? indexWriteUnits(definition, old && decodeItem(old.json), newItem) : undefined,
  };
}
