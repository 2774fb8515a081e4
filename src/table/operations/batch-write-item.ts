import type { ItemKey, ItemMutation, StoredItem } from '../../storage/engine.js';
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
 * checked (tables, keys, sizes, duplicates) before anything is written; then the whole batch is one write
 * through the engine — one transaction, one commit — in which each request is still decided on its own
 * against its item as stored, with its own stream record. DynamoDB applies a batch's requests one by one,
 * not atomically, so committing them together promises nothing more than it does; it spares PostgreSQL a
 * transaction (five round trips and a WAL flush) a request. Eddy never throttles, so UnprocessedItems is
 * always empty.
 */
export async function batchWriteItem(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, writes } = checkBatchWriteItem(body);
  const resolved = await resolveWrites(ctx, writes);
  const capacityMode = input.ReturnConsumedCapacity;
  const wantsCapacity = capacityMode !== undefined && capacityMode !== 'NONE';
  const olds = await applyWrites(ctx, resolved);

  const totals = new Map<string, WriteOutcome>();
  const metrics = new Map<string, ItemCollectionMetrics[]>();
  for (const [i, one] of resolved.entries()) {
    const outcome = outcomeOf(one, olds[i], wantsCapacity && hasIndexes(one.table));
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

/**
 * Every put and delete in one write, each decided against its item as stored (an unchanged item writes
 * nothing); answers each request's item as it was. The requests' targets are distinct (resolveWrites).
 */
async function applyWrites(ctx: TableContext, resolved: readonly ResolvedWrite[]): Promise<(StoredItem | undefined)[]> {
  const planned = resolved.map(({ write, table, key }) => {
    const encoded = write.kind === 'put' ? encodeItem(write.item, write.size) : null;
    return { write, table, key, encoded, stream: recordSettingsOf(table.definition, ctx.deployment.region) };
  });
  return writeItems<(StoredItem | undefined)[]>(ctx, {
    targets: planned.map(({ table, key }) => ({ tableId: table.id, key })),
    decide: (current) => {
      const mutations: ItemMutation[] = [];
      planned.forEach(({ write, table, key, encoded, stream }, target) => {
        const old = current[target];
        const newItem = write.kind === 'put' ? write.item : undefined;
        const changes = encoded === null ? old !== undefined : !sameItem(old, encoded, newItem);
        const own = singleItemMutation(changes, encoded, stream, key.hash, () => ({
          keys: write.kind === 'put' ? write.item : write.key,
          oldImage: old,
          newImage: encoded ?? undefined,
          now: ctx.clock.now(),
        }), () => (newItem && encoded ? indexEntriesOf(table.definition, newItem, encoded) : undefined));
        for (const mutation of own) mutations.push({ ...mutation, target });
      });
      return { mutations, result: [...current] };
    },
  });
}

/** A request's capacity, from its item as it was and as it is written. */
function outcomeOf({ write, table }: ResolvedWrite, old: StoredItem | undefined, needsIndexUnits: boolean): WriteOutcome {
  const newItem = write.kind === 'put' ? write.item : undefined;
  const size = write.kind === 'put' ? write.size : 0;
  return {
    units: writeUnits(old?.size ?? 0, size),
    indexUnits: needsIndexUnits ? indexWriteUnits(table.definition, old && decodeItem(old.json), newItem) : undefined,
  };
}
