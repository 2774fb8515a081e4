import type { StoredItem } from '../../storage/engine.js';
import { recordSettingsOf } from '../../streams/stream-record.js';
import { consumedCapacity, indexWriteUnits, writeUnits, type IndexUnits } from '../capacity.js';
import { evaluateCondition } from '../expressions/index.js';
import { decodeItem } from '../item-codec.js';
import { keyOfKeyMap } from '../item-key.js';
import { conditionFailed, hasIndexes, itemCollectionMetrics, itemResponse, requireItemTable, singleItemMutation, writeItems } from '../item-operation.js';
import type { TableContext } from '../table-context.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { checkDeleteItem } from '../validation/delete-item.js';

/**
 * DeleteItem: removes an item if present (deleting a missing item succeeds and writes nothing). The
 * condition is evaluated inside the engine's write transaction against the item as stored then.
 */
export async function deleteItem(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, key, condition } = checkDeleteItem(body);
  const table = await requireItemTable(ctx, input.TableName);
  const definition = table.definition;
  const itemKey = keyOfKeyMap(definition, key);
  const onFailure = input.ReturnValuesOnConditionCheckFailure;
  const capacityMode = input.ReturnConsumedCapacity;
  const needsIndexUnits = capacityMode !== undefined && capacityMode !== 'NONE' && hasIndexes(table);
  const stream = recordSettingsOf(definition, ctx.deployment.region);

  const previous = await writeItems<{ old: StoredItem | undefined; indexUnits: IndexUnits | undefined }>(ctx, {
    targets: [{ tableId: table.id, key: itemKey }],
    decide: ([current]) => {
      let old: AttributeMap | undefined;
      if (condition) {
        old = current && decodeItem(current.json);
        if (!evaluateCondition(condition, old)) throw conditionFailed(onFailure, current, old);
      }
      let indexUnits: IndexUnits | undefined;
      if (needsIndexUnits && current) indexUnits = indexWriteUnits(definition, old ?? decodeItem(current.json), undefined);
      // Deleting a missing item changes nothing: no write, no stream record.
      const mutations = singleItemMutation(current !== undefined, null, stream, itemKey.hash, () => ({
        keys: key,
        oldImage: current,
        now: ctx.clock.now(),
      }));
      return { mutations, result: { old: current, indexUnits } };
    },
  });

  const attributes = input.ReturnValues === 'ALL_OLD' ? previous.old?.json : undefined;
  return itemResponse('Attributes', attributes, {
    ConsumedCapacity: consumedCapacity(capacityMode, input.TableName, 'write', writeUnits(previous.old?.size ?? 0, 0), previous.indexUnits),
    ItemCollectionMetrics: itemCollectionMetrics(table, input.ReturnItemCollectionMetrics, key),
  });
}
