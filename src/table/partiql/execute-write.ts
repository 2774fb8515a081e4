import { consumedCapacity, indexWriteUnits, writeUnits, type ConsumedCapacity, type ReturnConsumedCapacity } from '../capacity.js';
import { hasIndexes, writeItems } from '../item-operation.js';
import type { TableContext } from '../table-context.js';
import { decideTransaction, type ActionOutcome } from '../transactions/transact-decision.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { returnedItem, statementError } from './write-outcome.js';
import type { PlannedWrite } from './write-statement.js';

export interface WriteResult {
  /** The RETURNING item, when asked for and there is one. */
  readonly item: AttributeMap | undefined;
  readonly consumed: ConsumedCapacity | undefined;
}

/**
 * Runs one write statement alone (ExecuteStatement, each statement of BatchExecuteStatement): one
 * engine write over its item, decided by the same decision TransactWriteItems uses, so the
 * condition is evaluated against the item as stored and the change is written with its index
 * entries and stream record in the same commit.
 */
export async function executeWrite(
  ctx: TableContext,
  planned: PlannedWrite,
  capacityMode: ReturnConsumedCapacity | undefined,
): Promise<WriteResult> {
  const { resolved } = planned;
  const [outcome] = await writeItems<ActionOutcome[]>(ctx, {
    targets: [{ tableId: resolved.table.id, key: resolved.key }],
    decide: (currents) => {
      try {
        return decideTransaction([resolved], currents, ctx.clock.now());
      } catch (error) {
        throw statementError(planned, error);
      }
    },
  });
  const definition = resolved.table.definition;
  const needsIndexUnits = capacityMode !== undefined && capacityMode !== 'NONE' && hasIndexes(resolved.table);
  const consumed = consumedCapacity(
    capacityMode,
    resolved.action.tableName,
    'write',
    writeUnits(outcome!.oldSize, outcome!.newSize),
    needsIndexUnits && resolved.action.kind !== 'check' ? indexWriteUnits(definition, outcome!.old, outcome!.next) : undefined,
  );
  return { item: returnedItem(planned, outcome!), consumed };
}
