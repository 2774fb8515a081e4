import { ServiceError } from '../../shared/service-error.js';
import { tableErrors } from '../errors.js';
import { applyUpdate, projectItem } from '../expressions/index.js';
import type { ActionOutcome } from '../transactions/transact-decision.js';
import { transactionErrors, type CancellationReason } from '../transactions/transaction-errors.js';
import type { AttributeMap } from '../values/attribute-value.js';
import { DUPLICATE_ITEM_MESSAGE, partiqlErrors } from './partiql-errors.js';
import type { PlannedWrite } from './write-statement.js';

/**
 * What a write statement's answer holds: its RETURNING item (UPDATE: ALL or MODIFIED, OLD or NEW;
 * DELETE: ALL OLD), undefined when there is none — no old item, or no modified attribute in it.
 */
export function returnedItem(planned: PlannedWrite, outcome: ActionOutcome): AttributeMap | undefined {
  const returning = planned.returning;
  if (returning === undefined) return undefined;
  const item = returning.image === 'OLD' ? outcome.old : outcome.next;
  if (item === undefined || returning.which === 'ALL') return item;
  const action = planned.resolved.action;
  if (action.kind !== 'update') return item;
  const projected = projectItem(item, applyUpdate(action.update, outcome.old).updatedPaths);
  return Object.keys(projected).length === 0 ? undefined : projected;
}

/** INSERT's failed condition is the key being taken: DuplicateItem, in a transaction's reasons too. */
export function withDuplicateReasons(planned: readonly PlannedWrite[], reasons: readonly CancellationReason[]): CancellationReason[] {
  return reasons.map((reason, i) =>
    reason.Code === 'ConditionalCheckFailed' && planned[i]?.statement.kind === 'insert'
      ? { Code: 'DuplicateItem', Message: DUPLICATE_ITEM_MESSAGE }
      : reason,
  );
}

/**
 * The error of one statement run alone, from the reason the transaction decision gave: a failed
 * condition is ConditionalCheckFailedException (with the item when ALL_OLD was asked), an INSERT's
 * DuplicateItemException, an invalid result ValidationException.
 */
export function statementError(planned: PlannedWrite, error: unknown): unknown {
  if (!(error instanceof ServiceError) || error.code !== 'TransactionCanceledException') return error;
  const [reason] = (error.fields?.CancellationReasons ?? []) as CancellationReason[];
  if (reason === undefined) return error;
  switch (reason.Code) {
    case 'ConditionalCheckFailed':
      if (planned.statement.kind === 'insert') return partiqlErrors.duplicateItem();
      return tableErrors.conditionalCheckFailed(reason.Item);
    case 'ValidationError':
      return tableErrors.validation(reason.Message);
    default:
      return error;
  }
}

/** A transaction's cancellation with INSERTs' failures as DuplicateItem. */
export function transactionError(planned: readonly PlannedWrite[], error: unknown): unknown {
  if (!(error instanceof ServiceError) || error.code !== 'TransactionCanceledException') return error;
  const reasons = (error.fields?.CancellationReasons ?? []) as CancellationReason[];
  return transactionErrors.canceled(withDuplicateReasons(planned, reasons));
}
