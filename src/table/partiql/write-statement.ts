import { recordSettingsOf } from '../../streams/stream-record.js';
import { tableErrors } from '../errors.js';
import type { Condition } from '../expressions/index.js';
import { checkIndexKeys, keyOfItem, keyOfKeyMap } from '../item-key.js';
import { requireItemTable } from '../item-operation.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import type { ResolvedAction } from '../transactions/transact-decision.js';
import { MAX_ITEM_SIZE, itemSize } from '../values/item-size.js';
import { checkItemSize, normalizeItem } from '../values/validate-item.js';
import type { ReturnValuesOnConditionCheckFailure } from '../validation/common-shapes.js';
import type { ExistsStatement, DeleteStatement, InsertStatement, Returning, Target, UpdateStatement } from './statement.js';
import { partiqlErrors } from './partiql-errors.js';
import { updatePlanOf } from './update-clauses.js';
import { conditionOf } from './where-clause.js';
import { fullKeyOf } from './where-keys.js';

/** A statement that writes (or, for EXISTS, checks) one item. */
export type WriteStatement = InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement;

/** A write statement as the transaction decision runs it, plus what its answer needs. */
export interface PlannedWrite {
  readonly statement: WriteStatement;
  readonly resolved: ResolvedAction;
  readonly returning: Returning | undefined;
}

/**
 * Turns a write statement into the action TransactWriteItems would run, so every PartiQL write goes
 * through the one write path (conditions inside the engine's transaction, index entries, stream
 * record, TTL by attribute): INSERT is a Put on condition the key is absent (its failure is
 * DuplicateItem), UPDATE an Update on condition the item exists (with the rest of the WHERE clause),
 * DELETE a Delete on condition the item is absent or meets the rest of its WHERE clause, EXISTS a
 * ConditionCheck.
 */
export async function planWrite(
  ctx: TableContext,
  statement: WriteStatement,
  onFailure: ReturnValuesOnConditionCheckFailure | undefined,
): Promise<PlannedWrite> {
  const target = statement.kind === 'exists' ? statement.select.target : statement.target;
  if (target.index !== undefined) throw statement.kind === 'exists' ? partiqlErrors.existsOnIndex() : writeToIndex(target);
  const table = await requireItemTable(ctx, target.table);
  const definition = table.definition;
  const stream = recordSettingsOf(definition, ctx.deployment.region);
  const base = { tableName: target.table, onFailure };
  switch (statement.kind) {
    case 'insert': {
      const item = normalizeItem(statement.item);
      const size = itemSize(item);
      if (size > MAX_ITEM_SIZE) checkItemSize(item);
      const key = keyOfItem(definition, item);
      checkIndexKeys(definition, item);
      const condition: Condition = { kind: 'attribute_not_exists', path: [definition.key.partition.name] };
      return { statement, returning: undefined, resolved: { table, key, stream, action: { ...base, kind: 'put', item, size, condition } } };
    }
    case 'update': {
      const { key, rest } = fullKeyOf(definition.key, statement.where);
      const update = updatePlanOf(definition, statement.clauses);
      const condition = existing(table, rest && conditionOf(rest));
      const resolved: ResolvedAction = { table, key: keyOfKeyMap(definition, key), stream, action: { ...base, kind: 'update', key, update, condition } };
      return { statement, returning: statement.returning, resolved };
    }
    case 'delete': {
      const { key, rest } = fullKeyOf(definition.key, statement.where);
      const returning = statement.returning;
      if (returning && (returning.which !== 'ALL' || returning.image !== 'OLD')) {
        throw partiqlErrors.deleteReturning(`RETURNING ${returning.which} ${returning.image} *`);
      }
      // "If the DynamoDB table does not have any item with the same primary key … SUCCESS is returned
      // with 0 items deleted" (PartiQL delete statements): the condition binds an item that exists.
      const absent: Condition = { kind: 'attribute_not_exists', path: [definition.key.partition.name] };
      const condition: Condition | undefined = rest && { kind: 'or', left: absent, right: conditionOf(rest) };
      const resolved: ResolvedAction = { table, key: keyOfKeyMap(definition, key), stream, action: { ...base, kind: 'delete', key, condition } };
      return { statement, returning: statement.returning, resolved };
    }
    case 'exists': {
      // A condition check of one item: its full key by equalities, and something more to check.
      const { key, rest } = fullKeyOf(definition.key, statement.select.where, partiqlErrors.existsSingleItem);
      if (rest === undefined) throw partiqlErrors.existsSingleItem();
      const condition = existing(table, conditionOf(rest));
      const resolved: ResolvedAction = { table, key: keyOfKeyMap(definition, key), stream, action: { ...base, kind: 'check', key, condition } };
      return { statement, returning: undefined, resolved };
    }
  }
}

/** `attribute_exists(<partition key>)`, and `rest` when there is one. */
function existing(table: TableEntry, rest: Condition | undefined): Condition {
  const exists: Condition = { kind: 'attribute_exists', path: [table.definition.key.partition.name] };
  return rest === undefined ? exists : { kind: 'and', left: exists, right: rest };
}

// Unconfirmed wording: writes name a table, never an index.
const writeToIndex = (target: Target) =>
  tableErrors.validation(`Writes are not supported on an index: ${target.table}.${target.index}`);
