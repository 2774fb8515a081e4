import { tableErrors } from '../errors.js';
import type { Condition, Operand } from '../expressions/index.js';
import type { KeyShape, TableDefinition } from '../table-definition.js';

/**
 * What a Query or Scan reads: the base table, or one of its secondary indexes by IndexName. An
 * index the table does not declare is DynamoDB's "The table does not have the specified index";
 * strongly consistent reads of a global index are refused with DynamoDB's message (dynalite's
 * suite, run against AWS). Reading a declared index is refused for now: index entries are not
 * stored yet, and index reads come with index storage.
 */
export function requireBaseTableRead(table: TableDefinition, indexName: string | undefined, consistentRead: boolean | undefined): void {
  if (indexName === undefined) return;
  const global = table.globalIndexes.find((index) => index.name === indexName);
  const local = table.localIndexes.find((index) => index.name === indexName);
  if (global === undefined && local === undefined) {
    throw tableErrors.validation(`The table does not have the specified index: ${indexName}`);
  }
  if (global !== undefined && consistentRead === true) {
    throw tableErrors.validation('Consistent reads are not supported on global secondary indexes');
  }
  // Not an AWS message: Eddy's own refusal until secondary-index storage exists.
  throw tableErrors.validation(`Eddy does not read secondary indexes yet: IndexName: ${indexName}`);
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
  for (const attribute of [key.partition, key.sort]) {
    if (attribute !== undefined && names.has(attribute.name)) {
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
