import { tableErrors } from '../errors.js';
import { parseCondition, parseUpdate, type Condition, type UpdatePlan } from '../expressions/index.js';
import { checkPlaceholdersHaveExpressions, expressionScope, writeCondition } from '../item-request.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { MAX_ITEM_SIZE, itemSize } from '../values/item-size.js';
import { checkItemSize } from '../values/validate-item.js';
import { checkExpressionNamesNotEmpty, normalizeNamedItem } from './attribute-names.js';
import { checkInput } from './check-input.js';
import {
  expressionAttributeNamesShape,
  expressionAttributeValuesShape,
  returnConsumedCapacityShape,
  returnItemCollectionMetricsShape,
  returnValuesOnConditionCheckFailureShape,
  tableNameShape,
  type ReturnConsumedCapacity,
  type ReturnItemCollectionMetrics,
  type ReturnValuesOnConditionCheckFailure,
} from './common-shapes.js';
import { attributeMap, list, string, structure } from './shape.js';

/** Most actions in one transaction (raised from 25 in 2022). */
export const MAX_TRANSACT_ITEMS = 100;
/** The aggregate size of the items a transaction writes. */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

interface ActionMembers {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}

export interface TransactWriteItem {
  ConditionCheck?: ActionMembers & { Key: AttributeMap; ConditionExpression: string };
  Put?: ActionMembers & { Item: AttributeMap };
  Delete?: ActionMembers & { Key: AttributeMap };
  Update?: ActionMembers & { Key: AttributeMap; UpdateExpression: string };
}

export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: ReturnItemCollectionMetrics;
  ClientRequestToken?: string;
}

const actionMembers = () => ({
  TableName: tableNameShape(),
  ConditionExpression: string(),
  ExpressionAttributeNames: expressionAttributeNamesShape(),
  ExpressionAttributeValues: expressionAttributeValuesShape(),
  ReturnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailureShape(),
});

export const transactWriteItemsShape = structure('TransactWriteItemsInput', {
  TransactItems: list(
    structure('TransactWriteItem', {
      ConditionCheck: structure('ConditionCheck', {
        Key: attributeMap({ notNull: true }),
        ...actionMembers(),
        ConditionExpression: string({ notNull: true }),
      }),
      Put: structure('Put', { Item: attributeMap({ notNull: true }), ...actionMembers() }),
      Delete: structure('Delete', { Key: attributeMap({ notNull: true }), ...actionMembers() }),
      Update: structure('Update', {
        Key: attributeMap({ notNull: true }),
        UpdateExpression: string({ notNull: true }),
        ...actionMembers(),
      }),
    }),
    { notNull: true, minLength: 1, maxLength: MAX_TRANSACT_ITEMS },
  ),
  ReturnConsumedCapacity: returnConsumedCapacityShape(),
  ReturnItemCollectionMetrics: returnItemCollectionMetricsShape(),
  ClientRequestToken: string({ minLength: 1, maxLength: 36 }),
});

interface ActionBase {
  tableName: string;
  condition: Condition | undefined;
  onFailure: ReturnValuesOnConditionCheckFailure | undefined;
}

/** One action after the checks made before any lookup; values under the data rules. */
export type TransactWriteAction =
  | (ActionBase & { kind: 'check'; key: AttributeMap; condition: Condition })
  | (ActionBase & { kind: 'put'; item: AttributeMap; size: number })
  | (ActionBase & { kind: 'delete'; key: AttributeMap })
  | (ActionBase & { kind: 'update'; key: AttributeMap; update: UpdatePlan });

const CONDITION = ['ConditionExpression'] as const;
const UPDATE_EXPRESSIONS = ['UpdateExpression', 'ConditionExpression'] as const;

/** TransactWriteItems' shape checks, then each action's semantic checks (as its single-item operation's), then the aggregate size. */
export function checkTransactWriteItems(body: unknown): { input: TransactWriteItemsInput; actions: TransactWriteAction[] } {
  const input = checkInput<TransactWriteItemsInput>(body, transactWriteItemsShape);
  const actions = input.TransactItems.map(checkAction);
  let size = 0;
  for (const action of actions) if (action.kind === 'put') size += action.size;
  // Wording unconfirmed: AWS documents the limit, not its message.
  if (size > MAX_TRANSACTION_BYTES) throw tableErrors.validation('Transaction request size has exceeded the maximum allowed size of 4 MB');
  return { input, actions };
}

function checkAction(item: TransactWriteItem): TransactWriteAction {
  const present = [item.ConditionCheck, item.Put, item.Delete, item.Update].filter((action) => action !== undefined);
  if (present.length !== 1) throw tableErrors.validation('TransactItems can only contain one of Check, Put, Update or Delete');
  if (item.ConditionCheck) {
    const check = item.ConditionCheck;
    checkExpressionNamesNotEmpty(check);
    const condition = writeCondition(check)!;
    return { kind: 'check', ...base(check, condition), key: normalizeNamedItem(check.Key), condition };
  }
  if (item.Put) {
    const put = item.Put;
    checkPlaceholdersHaveExpressions(put, CONDITION, CONDITION);
    checkExpressionNamesNotEmpty(put);
    const condition = writeCondition(put);
    const normalized = normalizeNamedItem(put.Item);
    const size = itemSize(normalized);
    if (size > MAX_ITEM_SIZE) checkItemSize(normalized);
    return { kind: 'put', ...base(put, condition), item: normalized, size };
  }
  if (item.Delete) {
    const del = item.Delete;
    checkPlaceholdersHaveExpressions(del, CONDITION, CONDITION);
    checkExpressionNamesNotEmpty(del);
    return { kind: 'delete', ...base(del, writeCondition(del)), key: normalizeNamedItem(del.Key) };
  }
  const update = item.Update!;
  checkPlaceholdersHaveExpressions(update, UPDATE_EXPRESSIONS, UPDATE_EXPRESSIONS);
  checkExpressionNamesNotEmpty(update);
  // One scope for both expressions: a placeholder used by either counts as used.
  const scope = expressionScope(update);
  const plan = parseUpdate(update.UpdateExpression, scope);
  const condition = update.ConditionExpression === undefined ? undefined : parseCondition(update.ConditionExpression, scope);
  scope.assertAllUsed();
  return { kind: 'update', ...base(update, condition), key: normalizeNamedItem(update.Key), update: plan };
}

const base = (members: ActionMembers, condition: Condition | undefined): ActionBase => ({
  tableName: members.TableName,
  condition,
  onFailure: members.ReturnValuesOnConditionCheckFailure,
});
