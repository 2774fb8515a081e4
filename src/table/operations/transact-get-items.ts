import type { StoredItem } from '../../storage/engine.js';
import { RawJson } from '../../shared/raw-json.js';
import { consumedCapacity, readUnits, type ConsumedCapacity } from '../capacity.js';
import { tableErrors } from '../errors.js';
import { projectItem } from '../expressions/index.js';
import { decodeItem } from '../item-codec.js';
import { keyOfKeyMap } from '../item-key.js';
import { readItems, requireItemTable } from '../item-operation.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { actionKeys } from '../transactions/action-validation.js';
import { ItemIdentitySet } from '../transactions/item-identity.js';
import { checkTransactGetItems } from '../validation/transact-get-items.js';
import { itemList } from '../reads/page-response.js';

/**
 * TransactGetItems: up to 100 items read as one snapshot (engine.readItems: one read transaction, so no
 * write lands between two of the reads, and no writer waits for it; a request process's read-only
 * connection takes it too). Responses follow the actions' order; an absent item is `{}`.
 */
export async function transactGetItems(ctx: TableContext, body: unknown): Promise<unknown> {
  const { input, gets } = checkTransactGetItems(body);
  const tables = new Map<string, TableEntry>();
  for (const { tableName } of gets) {
    if (!tables.has(tableName)) tables.set(tableName, await requireItemTable(ctx, tableName));
  }
  // A Key that does not fit its table's schema cancels with that Get's ValidationError (action-validation.ts).
  const keys = actionKeys(gets, ({ tableName, key }) => keyOfKeyMap(tables.get(tableName)!.definition, key));
  const targets = gets.map(({ tableName }, i) => ({ tableId: tables.get(tableName)!.id, key: keys[i]! }));
  const seen = new ItemIdentitySet();
  for (const { tableId, key } of targets) {
    if (!seen.add(tableId, key)) throw tableErrors.validation('Transaction request cannot include multiple operations on one item');
  }

  const stored = await readItems(ctx, targets);

  const responses = stored.map((item, i) => {
    if (item === undefined) return '{}';
    const projection = gets[i]!.projection;
    return `{"Item":${projection ? JSON.stringify(projectItem(decodeItem(item.json), projection, true)) : item.json}}`;
  });
  let text = `{"Responses":[${itemList(responses)}]`;
  const consumed = capacityOf(input.ReturnConsumedCapacity, gets, stored);
  if (consumed) text += `,"ConsumedCapacity":${JSON.stringify(consumed)}`;
  return new RawJson(text + '}');
}

/** Per table: transactional reads cost twice a strongly consistent read of each item. */
function capacityOf(
  mode: 'INDEXES' | 'TOTAL' | 'NONE' | undefined,
  gets: readonly { tableName: string }[],
  stored: readonly (StoredItem | undefined)[],
): ConsumedCapacity[] | undefined {
  if (mode === undefined || mode === 'NONE') return undefined;
  const units = new Map<string, number>();
  gets.forEach(({ tableName }, i) => units.set(tableName, (units.get(tableName) ?? 0) + 2 * readUnits(stored[i]?.size ?? 0, true)));
  return [...units].map(([name, total]) => consumedCapacity(mode, name, 'read', total)!);
}
