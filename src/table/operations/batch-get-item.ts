import type { ItemKey } from '../../storage/engine.js';
import { RawJson } from '../../shared/raw-json.js';
import { consumedCapacity, readUnits, type ConsumedCapacity } from '../capacity.js';
import { tableErrors } from '../errors.js';
import { projectItem } from '../expressions/index.js';
import { decodeItem } from '../item-codec.js';
import { keyOfKeyMap } from '../item-key.js';
import { requireItemTable } from '../item-operation.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { ItemIdentitySet } from '../transactions/item-identity.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { setOwn } from '../values/normalize-value.js';
import { checkBatchGetItem, type BatchGetTable, type KeysAndAttributes } from '../validation/batch-get-item.js';
import { itemList } from '../reads/page-response.js';

/** DynamoDB returns at most 16 MB of items per BatchGetItem; the rest come back as UnprocessedKeys. */
export const MAX_BATCH_GET_RESPONSE_BYTES = 16 * 1024 * 1024;

interface ResolvedTable extends BatchGetTable {
  entry: TableEntry;
  itemKeys: ItemKey[];
}

/**
 * BatchGetItem: up to 100 items by key over several tables, each read on its own (no snapshot across
 * them, as in DynamoDB). Items are answered until their summed size would pass 16 MB; the keys not
 * read then come back as UnprocessedKeys with their table's settings, for the caller to ask again.
 */
export async function batchGetItem(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, tables } = checkBatchGetItem(body);
  const resolved = await resolveTables(ctx, tables);

  const texts: string[] = [];
  const unprocessed: Record<string, KeysAndAttributes> = {};
  const consumed: ConsumedCapacity[] = [];
  let bytes = 0;
  let full = false;
  for (const table of resolved) {
    const items: string[] = [];
    const left: AttributeMap[] = [];
    let units = 0;
    for (let i = 0; i < table.keys.length; i++) {
      if (full) {
        left.push(table.request.Keys[i]!);
        continue;
      }
      const stored = await ctx.engine.getItem(table.entry.id, table.itemKeys[i]!);
      units += readUnits(stored?.size ?? 0, table.request.ConsistentRead === true);
      if (stored === undefined) continue;
      if (bytes + stored.size > MAX_BATCH_GET_RESPONSE_BYTES) {
        full = true;
        left.push(table.request.Keys[i]!);
        continue;
      }
      bytes += stored.size;
      items.push(table.projection ? JSON.stringify(projectItem(decodeItem(stored.json), table.projection, true)) : stored.json);
    }
    texts.push(`${JSON.stringify(table.tableName)}:[${itemList(items)}]`);
    if (left.length > 0) setOwn(unprocessed, table.tableName, { ...table.request, Keys: left });
    const capacity = consumedCapacity(input.ReturnConsumedCapacity, table.tableName, 'read', units);
    if (capacity) consumed.push(capacity);
  }

  // Stored items are spliced into the answer as they are, without parsing them again.
  let text = `{"Responses":{${itemList(texts)}},"UnprocessedKeys":${JSON.stringify(unprocessed)}`;
  if (consumed.length > 0) text += `,"ConsumedCapacity":${JSON.stringify(consumed)}`;
  return new RawJson(text + '}');
}

/** Looks up every table (in request order) and checks its keys: schema, then duplicates. */
async function resolveTables(ctx: TableContext, tables: BatchGetTable[]): Promise<ResolvedTable[]> {
  const resolved: ResolvedTable[] = [];
  for (const table of tables) {
    const entry = await requireItemTable(ctx, table.tableName);
    resolved.push({ ...table, entry, itemKeys: table.keys.map((key) => keyOfKeyMap(entry.definition, key)) });
  }
  const seen = new ItemIdentitySet();
  for (const table of resolved) {
    for (const key of table.itemKeys) {
      if (!seen.add(table.entry.id, key)) throw tableErrors.validation('Provided list of item keys contains duplicates');
    }
  }
  return resolved;
}
