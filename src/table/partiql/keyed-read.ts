import type { ServiceError } from '../../shared/service-error.js';
import type { ItemKey, StoredItem } from '../../storage/engine.js';
import { evaluateCondition, projectItem, type Condition, type Path } from '../expressions/index.js';
import { decodeItem } from '../item-codec.js';
import { keyOfKeyMap } from '../item-key.js';
import { requireItemTable } from '../item-operation.js';
import type { TableEntry } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import type { AttributeMap } from '../values/attribute-value.js';
import type { SelectStatement } from './statement.js';
import { targetIndex } from './target-index.js';
import { conditionOf } from './where-clause.js';
import { fullKeyOf } from './where-keys.js';

/**
 * A SELECT of one item by its full primary key, as batches (BatchGetItem underneath) and
 * transactions (TransactGetItems underneath) read: the rest of the WHERE clause filters the item.
 */
export interface KeyedRead {
  readonly tableName: string;
  readonly table: TableEntry;
  readonly key: ItemKey;
  readonly filter: Condition | undefined;
  readonly projection: Path[] | undefined;
}

/**
 * The item a SELECT pins; `missing` is the error for a SELECT that pins none, `indexRead` for one that
 * reads an index (batches answer `missing` for both; transactions have a message of their own). The
 * index is looked up first, so a multi-attribute index is refused in its own words, as recorded for
 * batches.
 */
export async function planKeyedRead(
  ctx: TableContext,
  statement: SelectStatement,
  missing: () => ServiceError,
  indexRead: () => ServiceError = missing,
): Promise<KeyedRead> {
  const table = await requireItemTable(ctx, statement.target.table);
  if (targetIndex(table.definition, statement.target) !== undefined) throw indexRead();
  const { key, rest } = fullKeyOf(table.definition.key, statement.where, missing);
  return {
    tableName: statement.target.table,
    table,
    key: keyOfKeyMap(table.definition, key),
    filter: rest && conditionOf(rest),
    projection: statement.projection,
  };
}

/** The item the read answers: none when absent or filtered out, else projected by the select list. */
export function keyedResult(read: KeyedRead, stored: StoredItem | undefined): AttributeMap | undefined {
  if (stored === undefined) return undefined;
  const item = decodeItem(stored.json);
  if (read.filter !== undefined && !evaluateCondition(read.filter, item)) return undefined;
  return read.projection === undefined ? item : projectItem(item, read.projection);
}
