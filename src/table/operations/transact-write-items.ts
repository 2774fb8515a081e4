import { recordSettingsOf } from '../../streams/stream-record.js';
import { consumedCapacity, indexWriteUnits, writeUnits, type ConsumedCapacity, type IndexUnits } from '../capacity.js';
import { tableErrors } from '../errors.js';
import { checkIndexKeys, isKeyAttribute, keyOfItem, keyOfKeyMap } from '../item-key.js';
import { hasIndexes, itemCollectionMetrics, requireItemTable, writeItems, type ItemCollectionMetrics } from '../item-operation.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { requestFingerprint, runOnce } from '../transactions/idempotency-cache.js';
import { actionKeys } from '../transactions/action-validation.js';
import { addIndexUnits } from '../transactions/index-units.js';
import { ItemIdentitySet } from '../transactions/item-identity.js';
import { decideTransaction, type ActionOutcome, type ResolvedAction } from '../transactions/transact-decision.js';
import { checkTransactWriteItems, type TransactWriteAction, type TransactWriteItemsInput } from '../validation/transact-write-items.js';

/**
 * TransactWriteItems: up to 100 Put / Update / Delete / ConditionCheck actions over several tables,
 * all or nothing. All actions are one engine write (one target per action), so every condition is
 * evaluated against the items as stored at that moment and a conflicting write lands entirely before
 * or after. With a ClientRequestToken a retry within 10 minutes answers again without writing.
 */
export async function transactWriteItems(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, actions } = checkTransactWriteItems(body);
  const token = input.ClientRequestToken;
  if (token === undefined) return execute(ctx, input, actions);
  // The token covers what the transaction does; how much capacity to report may differ on a retry.
  const { TransactItems, ReturnItemCollectionMetrics } = input;
  const fingerprint = requestFingerprint({ TransactItems, ReturnItemCollectionMetrics });
  return runOnce(ctx, token, fingerprint, () => execute(ctx, input, actions));
}

async function execute(ctx: TableContext, input: TransactWriteItemsInput, actions: TransactWriteAction[]): Promise<unknown> {
  const resolved = await resolveActions(ctx, actions);
  const outcomes = await writeItems<ActionOutcome[]>(ctx, {
    targets: resolved.map(({ table, key }) => ({ tableId: table.id, key })),
    decide: (currents) => decideTransaction(resolved, currents, ctx.clock.now()),
  });
  return transactionResponse(input, resolved, outcomes);
}

/**
 * Tables in action order, each action's key (as its single-item operation checks it), then one action
 * per item. A key that does not fit its table's schema cancels the transaction with that action's
 * ValidationError; other key faults fail the request (transactions/action-validation.ts).
 */
async function resolveActions(ctx: TableContext, actions: TransactWriteAction[]): Promise<ResolvedAction[]> {
  const tables = new Map<string, TableEntry>();
  for (const { tableName } of actions) {
    if (!tables.has(tableName)) tables.set(tableName, await requireItemTable(ctx, tableName));
  }
  const keys = actionKeys(actions, (action) => {
    const table = tables.get(action.tableName)!;
    if (action.kind !== 'put') {
      const key = keyOfKeyMap(table.definition, action.key);
      if (action.kind === 'update') checkKeyNotUpdated(table, action);
      return key;
    }
    const key = keyOfItem(table.definition, action.item);
    checkIndexKeys(table.definition, action.item);
    return key;
  });
  return resolveDistinct(
    actions.map((action, i) => {
      const table = tables.get(action.tableName)!;
      return { action, table, key: keys[i]!, stream: recordSettingsOf(table.definition, ctx.deployment.region) };
    }),
  );
}

function resolveDistinct(resolved: ResolvedAction[]): ResolvedAction[] {
  const seen = new ItemIdentitySet();
  for (const { table, key } of resolved) {
    if (!seen.add(table.id, key)) throw tableErrors.validation('Transaction request cannot include multiple operations on one item');
  }
  return resolved;
}

/**
 * As UpdateItem: no action may target a key attribute. (UpdateItem's own check is private to
 * update-item.ts; this mirrors its message until it is exported.)
 */
function checkKeyNotUpdated(table: TableEntry, action: Extract<TransactWriteAction, { kind: 'update' }>): void {
  const target = action.update.actions.find((one) => isKeyAttribute(table.definition, one.path[0] as string));
  if (target === undefined) return;
  throw tableErrors.validation(
    `One or more parameter values were invalid: Cannot update attribute ${target.path[0] as string}. This attribute is part of the key`,
  );
}

/**
 * `{}` plus, when asked, ConsumedCapacity per table (transactional writes cost twice the units of
 * plain ones; a ConditionCheck counts as a write of its item) and ItemCollectionMetrics per table.
 */
function transactionResponse(input: TransactWriteItemsInput, resolved: ResolvedAction[], outcomes: ActionOutcome[]): unknown {
  const response: { ConsumedCapacity?: ConsumedCapacity[]; ItemCollectionMetrics?: Record<string, ItemCollectionMetrics[]> } = {};
  const mode = input.ReturnConsumedCapacity;
  if (mode !== undefined && mode !== 'NONE') {
    const totals = new Map<string, { units: number; indexUnits: IndexUnits | undefined }>();
    resolved.forEach(({ action, table }, i) => {
      const outcome = outcomes[i]!;
      const total = totals.get(action.tableName) ?? { units: 0, indexUnits: undefined };
      const indexUnits =
        action.kind !== 'check' && hasIndexes(table) ? indexWriteUnits(table.definition, outcome.old, outcome.next) : undefined;
      totals.set(action.tableName, {
        units: total.units + 2 * writeUnits(outcome.oldSize, outcome.newSize),
        indexUnits: addIndexUnits(total.indexUnits, doubled(indexUnits)),
      });
    });
    response.ConsumedCapacity = [...totals].map(([name, total]) => consumedCapacity(mode, name, 'write', total.units, total.indexUnits)!);
  }
  if (input.ReturnItemCollectionMetrics === 'SIZE') {
    const metrics = new Map<string, ItemCollectionMetrics[]>();
    for (const { action, table } of resolved) {
      if (action.kind === 'check') continue;
      const collection = itemCollectionMetrics(table, 'SIZE', action.kind === 'put' ? action.item : action.key);
      if (collection) metrics.set(action.tableName, [...(metrics.get(action.tableName) ?? []), collection]);
    }
    response.ItemCollectionMetrics = Object.fromEntries(metrics);
  }
  return response;
}

function doubled(units: IndexUnits | undefined): IndexUnits | undefined {
  return addIndexUnits(units, units);
}
