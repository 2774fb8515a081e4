import type { StoredItem } from '../../storage/engine.js';
import { recordSettingsOf } from '../../streams/stream-record.js';
import { consumedCapacity, indexWriteUnits, writeUnits, type IndexUnits } from '../capacity.js';
import { evaluateCondition } from '../expressions/index.js';
import { decodeItem, encodeItem, sameItem } from '../item-codec.js';
import { checkIndexKeys, keyOfItem } from '../item-key.js';
import { conditionFailed, hasIndexes, itemCollectionMetrics, itemResponse, requireItemTable, singleItemMutation, writeItems } from '../item-operation.js';
import { indexEntriesOf } from '../indexes/index-entries.js';
import type { TableContext } from '../table-context.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { checkPutItem } from '../validation/put-item.js';

/**
 * PutItem: creates or replaces an item. The condition is evaluated inside the engine's write
 * transaction against the item as stored then, so racing conditional writes cannot both succeed.
 */
export async function putItem(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, item, size, condition } = checkPutItem(body);
  const table = await requireItemTable(ctx, input.TableName);
  const definition = table.definition;
  const key = keyOfItem(definition, item);
  checkIndexKeys(definition, item);
  const encoded = encodeItem(item, size);
  const onFailure = input.ReturnValuesOnConditionCheckFailure;
  const capacityMode = input.ReturnConsumedCapacity;
  const needsIndexUnits = capacityMode !== undefined && capacityMode !== 'NONE' && hasIndexes(table);
  const stream = recordSettingsOf(definition, ctx.deployment.region);

  const previous = await writeItems<{ old: StoredItem | undefined; indexUnits: IndexUnits | undefined }>(ctx, {
    targets: [{ tableId: table.id, key }],
    decide: ([current]) => {
      let old: AttributeMap | undefined;
      if (condition) {
        old = current && decodeItem(current.json);
        if (!evaluateCondition(condition, old)) throw conditionFailed(onFailure, current, old);
      }
      let indexUnits: IndexUnits | undefined;
      if (needsIndexUnits) indexUnits = indexWriteUnits(definition, old ?? (current && decodeItem(current.json)), item);
      // An identical replacement changes nothing: no write, hence no stream record.
      const mutations = singleItemMutation(!sameItem(current, encoded, item), encoded, stream, key.hash, () => ({
        keys: item,
        oldImage: current,
        newImage: encoded,
        now: ctx.clock.now(),
      }), () => indexEntriesOf(definition, item, encoded));
      return { mutations, result: { old: current, indexUnits } };
    },
  });

  const attributes = input.ReturnValues === 'ALL_OLD' ? previous.old?.json : undefined;
  return itemResponse('Attributes', attributes, {
    ConsumedCapacity: consumedCapacity(
      capacityMode,
      input.TableName,
      'write',
      writeUnits(previous.old?.size ?? 0, encoded.size),
      previous.indexUnits,
    ),
    ItemCollectionMetrics: itemCollectionMetrics(table, input.ReturnItemCollectionMetrics, item),
  });
}
