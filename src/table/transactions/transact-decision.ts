import { ServiceError } from '../../shared/service-error.js';
import type { ItemKey, ItemMutation, StoredItem } from '../../storage/engine.js';
import { pendingRecord, type RecordSettings } from '../../streams/stream-record.js';
import { applyUpdate, evaluateCondition } from '../expressions/index.js';
import { decodeItem, encodeItem, sameItem, type EncodedItem } from '../item-codec.js';
import { checkUpdatedIndexKeys, isUpdatedIndexKeyEmpty, keyAttributesOf, withKeyAttributes } from '../item-key.js';
import { indexEntriesOf } from '../indexes/index-entries.js';
import type { TableEntry } from '../table-catalog.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { MAX_ITEM_SIZE, itemSize } from '../values/item-size.js';
import { checkItemSize } from '../values/validate-item.js';
import type { TransactWriteAction } from '../validation/transact-write-items.js';
import { transactionErrors, type CancellationReason } from './transaction-errors.js';

/** An action with its table and the key it addresses: target `i` of the engine write is action `i`. */
export interface ResolvedAction {
  readonly action: TransactWriteAction;
  readonly table: TableEntry;
  readonly key: ItemKey;
  /** The table's stream record settings; undefined without a stream. */
  readonly stream: RecordSettings | undefined;
}

/** What one action does to its item, for the response's capacity and metrics. */
export interface ActionOutcome {
  readonly oldSize: number;
  readonly newSize: number;
  readonly old: AttributeMap | undefined;
  readonly next: AttributeMap | undefined;
}

const NONE: CancellationReason = { Code: 'None' };

/**
 * The decision of a transaction, made inside the engine's write over every action's item: each
 * action is evaluated against its item as stored (conditions, then the update and the checks on its
 * result). If any fails, nothing is written and TransactionCanceledException lists every action's
 * reason in action order; else each changed item is written with its stream record.
 */
export function decideTransaction(
  actions: readonly ResolvedAction[],
  currents: readonly (StoredItem | undefined)[],
  now: number,
): { mutations: ItemMutation[]; result: ActionOutcome[] } {
  const reasons: CancellationReason[] = [];
  const mutations: ItemMutation[] = [];
  const outcomes: ActionOutcome[] = [];
  let failed = false;
  actions.forEach((resolved, target) => {
    const current = currents[target];
    const decided = decideAction(resolved, current);
    if ('reason' in decided) {
      failed = true;
      reasons.push(decided.reason);
      return;
    }
    reasons.push(NONE);
    const old = current && decided.old;
    outcomes.push({ oldSize: current?.size ?? 0, newSize: decided.written?.size ?? 0, old, next: decided.next });
    if (!decided.changes) return;
    const item = decided.written;
    const entries = item && decided.next && indexEntriesOf(resolved.table.definition, decided.next, item);
    const mutation: ItemMutation =
      resolved.stream === undefined
        ? { target, item }
        : {
            target,
            item,
            record: pendingRecord(resolved.stream, resolved.key.hash, {
              keys: decided.keys,
              oldImage: current,
              newImage: item ?? undefined,
              now,
            }),
          };
    mutations.push(entries ? { ...mutation, indexEntries: entries } : mutation);
  });
  if (failed) throw transactionErrors.canceled(reasons);
  return { mutations, result: outcomes };
}

type ActionDecision =
  | { reason: CancellationReason }
  | {
      changes: boolean;
      written: EncodedItem | null;
      keys: AttributeMap;
      old: AttributeMap | undefined;
      next: AttributeMap | undefined;
    };

function decideAction({ action, table }: ResolvedAction, current: StoredItem | undefined): ActionDecision {
  const old = current && decodeItem(current.json);
  if (action.condition && !evaluateCondition(action.condition, old)) {
    const withItem = action.onFailure === 'ALL_OLD' && old !== undefined;
    return { reason: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...(withItem && { Item: old }) } };
  }
  switch (action.kind) {
    case 'check':
      return { changes: false, written: null, keys: action.key, old, next: old };
    case 'delete':
      return { changes: current !== undefined, written: null, keys: action.key, old, next: undefined };
    case 'put': {
      const written = encodeItem(action.item, action.size);
      return { changes: !sameItem(current, written, action.item), written, keys: action.item, old, next: action.item };
    }
    case 'update':
      try {
        const definition = table.definition;
        let { item: next } = applyUpdate(action.update, old);
        if (old === undefined) next = withKeyAttributes(definition, action.key, next);
        const size = itemSize(next);
        if (size > MAX_ITEM_SIZE) checkItemSize(next, 'update');
        checkUpdatedIndexKeys(definition, next);
        const written = encodeItem(next, size);
        return { changes: !sameItem(current, written, next), written, keys: keyAttributesOf(definition, action.key), old, next };
      } catch (error) {
        // What the update would make of this item is invalid: the transaction's ValidationError —
        // except an empty index key, which AWS answers for the whole request (action-validation.ts).
        if (error instanceof ServiceError && error.code === 'ValidationException' && !isUpdatedIndexKeyEmpty(error)) {
          return { reason: { Code: 'ValidationError', Message: error.message } };
        }
        throw error;
      }
  }
}
