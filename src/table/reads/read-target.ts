import { tableErrors } from '../errors.js';
import type { Condition, Operand, Projection } from '../expressions/index.js';
import { keyAttributesOf } from '../indexes/index-key.js';
import type { IndexDefinition, KeyShape, TableDefinition } from '../table-definition.js';

/** What a Query or Scan reads: the base table, or one of its secondary indexes. */
export interface ReadTarget {
  /** The key schema read: the table's, or the index's. */
  readonly key: KeyShape;
  /** The index read, when IndexName was given. */
  readonly index: IndexDefinition | undefined;
  /**
   * A local index read that wants attributes its projection lacks — Select ALL_ATTRIBUTES, or a
   * ProjectionExpression / AttributesToGet naming a non-projected attribute: DynamoDB then fetches
   * each item from the table, one table read per item (Query / Scan API reference, Select: "If any
   * of the requested attributes are not projected into the local secondary index, DynamoDB fetches
   * each of these attributes from the parent table"). A global index never fetches: it returns what
   * it projects. Whether a filter on a non-projected attribute fetches too is not documented: it is
   * evaluated on the index entry.
   */
  readonly fetchItems: boolean;
}

/**
 * The table, or the index IndexName names. An index the table does not declare is DynamoDB's "The
 * table does not have the specified index"; strongly consistent reads of a global index, and
 * Select ALL_ATTRIBUTES on a global index that does not project everything, are refused with
 * DynamoDB's messages (dynalite's suite and moto's aws_verified tests, run against AWS).
 */
export function readTargetOf(
  table: TableDefinition,
  indexName: string | undefined,
  consistentRead: boolean | undefined,
  select: string | undefined,
  projection?: Projection,
): ReadTarget {
  if (indexName === undefined) return { key: table.key, index: undefined, fetchItems: false };
  const global = table.globalIndexes.find((index) => index.name === indexName);
  const local = table.localIndexes.find((index) => index.name === indexName);
  const index = global ?? local;
  if (index === undefined) throw tableErrors.validation(`The table does not have the specified index: ${indexName}`);
  if (global !== undefined && consistentRead === true) {
    throw tableErrors.validation('Consistent reads are not supported on global secondary indexes');
  }
  const wholeItems = select === 'ALL_ATTRIBUTES' && index.projection.ProjectionType !== 'ALL';
  if (global !== undefined && wholeItems) {
    throw tableErrors.validation(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${indexName} because its projection type is not ALL`,
    );
  }
  if (global?.status === 'CREATING') {
    // Unconfirmed wording: DynamoDB's answer to a read of a GSI that is still backfilling.
    throw tableErrors.validation(`Cannot read from backfilling global secondary index: ${indexName}`);
  }
  const fetchItems = local !== undefined && (wholeItems || (projection !== undefined && !projects(table, local, projection)));
  return { key: index.key, index, fetchItems };
}

/** Whether every top-level attribute of `projection` is in the index's entries. */
function projects(table: TableDefinition, index: IndexDefinition, projection: Projection): boolean {
  const { ProjectionType, NonKeyAttributes } = index.projection;
  if (ProjectionType === 'ALL') return true;
  const names = new Set<string>([table.key.partition.name, ...keyAttributesOf(index.key).map((a) => a.name)]);
  if (table.key.sort) names.add(table.key.sort.name);
  if (ProjectionType === 'INCLUDE') for (const name of NonKeyAttributes ?? []) names.add(name);
  return projection.every((path) => names.has(path[0] as string));
}

/**
 * A query's filter may not name a key attribute of the key schema read ("Filter Expression can
 * only contain non-primary key attributes: Primary key attribute: sk", as AWS answers; "QueryFilter
 * …" for the legacy parameter). The partition key is looked for first.
 */
export function checkFilterKeys(filter: Condition | undefined, key: KeyShape, parameter: string): void {
  if (filter === undefined) return;
  const names = new Set<string>();
  collectNames(filter, names);
  for (const attribute of keyAttributesOf(key)) {
    if (names.has(attribute.name)) {
      throw tableErrors.validation(
        `${parameter} can only contain non-primary key attributes: Primary key attribute: ${attribute.name}`,
      );
    }
  }
}

/** The top-level attribute names a condition reads. */
function collectNames(condition: Condition, names: Set<string>): void {
  switch (condition.kind) {
    case 'and':
    case 'or':
      collectNames(condition.left, names);
      collectNames(condition.right, names);
      return;
    case 'not':
      collectNames(condition.condition, names);
      return;
    case 'attribute_exists':
    case 'attribute_not_exists':
    case 'attribute_type':
      names.add(condition.path[0] as string);
      return;
    case 'compare':
      operandNames(condition.left, names);
      operandNames(condition.right, names);
      return;
    case 'between':
      for (const operand of [condition.operand, condition.lower, condition.upper]) operandNames(operand, names);
      return;
    case 'in':
      for (const operand of [condition.operand, ...condition.candidates]) operandNames(operand, names);
      return;
    case 'begins_with':
      operandNames(condition.operand, names);
      operandNames(condition.prefix, names);
      return;
    case 'contains':
      operandNames(condition.operand, names);
      operandNames(condition.value, names);
      return;
  }
}

function operandNames(operand: Operand, names: Set<string>): void {
  if (operand.kind === 'path') names.add(operand.path[0] as string);
  else if (operand.kind === 'size') operandNames(operand.operand, names);
}
