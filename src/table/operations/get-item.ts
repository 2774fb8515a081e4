import { consumedCapacity, readUnits } from '../capacity.js';
import { projectItem } from '../expressions/index.js';
import { decodeItem } from '../item-codec.js';
import { keyOfKeyMap } from '../item-key.js';
import { itemResponse, requireItemTable } from '../item-operation.js';
import type { TableContext } from '../table-context.js';
import { checkGetItem } from '../validation/get-item.js';

/**
 * GetItem: one item by its full primary key. Without a projection the stored JSON goes into the
 * response as it is; reads cost the whole item's size whatever is projected.
 */
export async function getItem(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, key, projection } = checkGetItem(body);
  const table = await requireItemTable(ctx, input.TableName);
  const stored = await ctx.engine.getItem(table.id, keyOfKeyMap(table.definition, key));
  const consumed = consumedCapacity(
    input.ReturnConsumedCapacity,
    input.TableName,
    'read',
    readUnits(stored?.size ?? 0, input.ConsistentRead === true),
  );
  if (stored === undefined || projection === undefined) return itemResponse('Item', stored?.json, { ConsumedCapacity: consumed });
  const item = projectItem(decodeItem(stored.json), projection, true); // a fresh decode: nothing else holds it
  return consumed ? { Item: item, ConsumedCapacity: consumed } : { Item: item };
}
