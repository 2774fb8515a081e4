import { recordSettingsOf } from '../../streams/stream-record.js';
import { consumedCapacity, indexWriteUnits, writeUnits, type IndexUnits } from '../capacity.js';
import { tableErrors } from '../errors.js';
import { applyUpdate, evaluateCondition, projectItem, type Path, type UpdatePlan } from '../expressions/index.js';
import { decodeItem, encodeItem, sameItem } from '../item-codec.js';
import { checkUpdatedIndexKeys, isKeyAttribute, keyAttributesOf, keyOfKeyMap, withKeyAttributes } from '../item-key.js';
import {
  conditionFailed,
  hasIndexes,
  itemCollectionMetrics,
  itemResponse,
  requireItemTable,
  singleItemMutation,
  type ResponseExtras,
  writeItems,
} from '../item-operation.js';
import type { TableDefinition } from '../table-definition.js';
import { indexEntriesOf } from '../indexes/index-entries.js';
import type { TableContext } from '../table-context.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { MAX_ITEM_SIZE, itemSize } from '../values/item-size.js';
import { checkItemSize } from '../values/validate-item.js';
import { checkUpdateItem } from '../validation/update-item.js';

interface UpdateOutcome {
  oldJson: string | undefined;
  oldSize: number;
  old: AttributeMap | undefined;
  newJson: string;
  newSize: number;
  next: AttributeMap;
  updatedPaths: readonly Path[];
  indexUnits: IndexUnits | undefined;
}

/**
 * UpdateItem: edits an item, creating it (with its key) when absent — even with no update at all.
 * Condition, update, size and index-key checks all run inside the engine's write transaction against
 * the item as stored then.
 */
export async function updateItem(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, key, update, condition } = checkUpdateItem(body);
  const table = await requireItemTable(ctx, input.TableName);
  const definition = table.definition;
  const itemKey = keyOfKeyMap(definition, key);
  if (update) checkKeyNotUpdated(definition, update);
  const onFailure = input.ReturnValuesOnConditionCheckFailure;
  const capacityMode = input.ReturnConsumedCapacity;
  const needsIndexUnits = capacityMode !== undefined && capacityMode !== 'NONE' && hasIndexes(table);
  const stream = recordSettingsOf(definition, ctx.deployment.region);

  const outcome = await writeItems<UpdateOutcome>(ctx, {
    targets: [{ tableId: table.id, key: itemKey }],
    decide: ([current]) => {
      const old = current && decodeItem(current.json);
      if (condition && !evaluateCondition(condition, old)) throw conditionFailed(onFailure, current, old);
      let next = old ?? keyAttributesOf(definition, key);
      let updatedPaths: readonly Path[] = [];
      let size: number | undefined;
      if (update) {
        // A missing item is updated as missing (REMOVE then does nothing at all, not even fail on
        // `a.b`); the key attributes join the result, which no action may touch.
        ({ item: next, updatedPaths } = applyUpdate(update, old));
        if (old === undefined) next = withKeyAttributes(definition, key, next);
        size = itemSize(next);
        if (size > MAX_ITEM_SIZE) checkItemSize(next, 'update');
        checkUpdatedIndexKeys(definition, next);
      }
      const encoded = encodeItem(next, size);
      const indexUnits = needsIndexUnits ? indexWriteUnits(definition, old, next) : undefined;
      // Setting the values an item already has changes nothing: no write, no stream record.
      const mutations = singleItemMutation(!sameItem(current, encoded, next), encoded, stream, itemKey.hash, () => ({
        keys: key,
        oldImage: current,
        newImage: encoded,
        now: ctx.clock.now(),
      }), () => indexEntriesOf(definition, next, encoded));
      return {
        mutations,
        result: {
          oldJson: current?.json,
          oldSize: current?.size ?? 0,
          old,
          newJson: encoded.json,
          newSize: encoded.size,
          next,
          updatedPaths,
          indexUnits,
        },
      };
    },
  });

  const extras: ResponseExtras = {
    ConsumedCapacity: consumedCapacity(
      capacityMode,
      input.TableName,
      'write',
      writeUnits(outcome.oldSize, outcome.newSize),
      outcome.indexUnits,
    ),
    ItemCollectionMetrics: itemCollectionMetrics(table, input.ReturnItemCollectionMetrics, key),
  };
  switch (input.ReturnValues) {
    case 'ALL_OLD':
      return itemResponse('Attributes', outcome.oldJson, extras);
    case 'ALL_NEW':
      return itemResponse('Attributes', outcome.newJson, extras);
    case 'UPDATED_OLD':
      return updatedResponse(outcome.old, outcome.updatedPaths, extras);
    case 'UPDATED_NEW':
      return updatedResponse(outcome.next, outcome.updatedPaths, extras);
    default:
      return itemResponse('Attributes', undefined, extras);
  }
}

/** Key attributes cannot be the target of any action: "Cannot update attribute userId. This attribute is part of the key". */
function checkKeyNotUpdated(definition: TableDefinition, update: UpdatePlan): void {
  for (const action of update.actions) {
    const name = action.path[0] as string;
    if (isKeyAttribute(definition, name)) {
      throw tableErrors.validation(
        `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
      );
    }
  }
}

/** UPDATED_OLD / UPDATED_NEW: the updated paths of the item; no Attributes when none of them exists. */
function updatedResponse(item: AttributeMap | undefined, paths: readonly Path[], extras: ResponseExtras): unknown {
  const attributes = item && paths.length > 0 ? projectItem(item, paths) : undefined;
  if (attributes === undefined || Object.keys(attributes).length === 0) return itemResponse('Attributes', undefined, extras);
  return itemResponse('Attributes', JSON.stringify(attributes), extras);
}
