import type { KeyShape } from '../table-definition.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { tableErrors } from '../errors.js';
import type { Comparator, Condition, Operand } from './condition.js';
import { parseCondition } from './condition-parser.js';
import { bindMultiKeyCondition, MAX_KEY_CONDITIONS } from './multi-key-condition.js';
import type { ExpressionScope } from './scope.js';

/** Comparison operators as the legacy API names them; key conditions use EQ … BEGINS_WITH. */
export type ComparisonOperator =
  | 'EQ'
  | 'NE'
  | 'LE'
  | 'LT'
  | 'GE'
  | 'GT'
  | 'NOT_NULL'
  | 'NULL'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'BEGINS_WITH'
  | 'IN'
  | 'BETWEEN';

/** One condition on one key attribute, from KeyConditionExpression or legacy KeyConditions. */
export interface KeyConditionTerm {
  name: string;
  op: ComparisonOperator;
  values: AttributeValue[];
}

export type SortKeyOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BETWEEN' | 'BEGINS_WITH';

/** A key condition bound to a table's or index's key schema. */
export interface KeyCondition {
  partition: { name: string; value: AttributeValue };
  /** On the last sort-key attribute used (of a multi-attribute sort key, the earlier ones are in sortPrefix). */
  sort?: { name: string; op: SortKeyOperator; values: AttributeValue[] };
  /** A multi-attribute key's condition: every partition-key value, in KeySchema order. */
  partitionValues?: AttributeValue[];
  /** A multi-attribute key's condition: the values the sort-key attributes before `sort` equal. */
  sortPrefix?: AttributeValue[];
}

const OPERATORS: Readonly<Record<Comparator, ComparisonOperator>> = {
  '=': 'EQ',
  '<>': 'NE',
  '<': 'LT',
  '<=': 'LE',
  '>': 'GT',
  '>=': 'GE',
};
const MIRRORED: Readonly<Record<string, ComparisonOperator>> = { EQ: 'EQ', LT: 'GT', LE: 'GE', GT: 'LT', GE: 'LE' };
const SORT_OPERATORS: ReadonlySet<string> = new Set(['EQ', 'LT', 'LE', 'GT', 'GE', 'BETWEEN', 'BEGINS_WITH']);

/**
 * Parses a KeyConditionExpression with the condition grammar (DynamoDB uses one parser for both, so
 * `OR`, `IN` or `attribute_exists` parse and are rejected afterwards). Call `keyConditionTerms` once
 * every expression of the request is parsed and unused placeholders have been rejected.
 */
export function parseKeyCondition(text: string, scope: ExpressionScope): Condition {
  return parseCondition(text, scope, 'KeyConditionExpression');
}

/**
 * Checks the shape of a parsed key condition — key comparisons joined by AND, each naming one
 * top-level attribute and literal values — and returns one term per attribute, with `:v < k` turned
 * into `k > :v`.
 */
export function keyConditionTerms(condition: Condition): KeyConditionTerm[] {
  const terms: KeyConditionTerm[] = [];
  collectTerms(condition, terms);
  // More than two conditions need a multi-attribute key, so they are counted again once bound.
  if (terms.length > MAX_KEY_CONDITIONS) throw tooManyConditions();
  return terms;
}

/** Conditions on more attributes than a key of that shape has (unconfirmed past 2, see multi-key-condition.ts). */
export const tooManyConditions = () => tableErrors.validation('Conditions can be of length 1 or 2 only');

function collectTerms(condition: Condition, terms: KeyConditionTerm[]): void {
  switch (condition.kind) {
    case 'and':
      collectTerms(condition.left, terms);
      collectTerms(condition.right, terms);
      return;
    case 'or':
    case 'not':
    case 'in':
      throw invalidOperator(condition.kind.toUpperCase());
    case 'attribute_exists':
    case 'attribute_not_exists':
    case 'attribute_type':
    case 'contains':
      throw invalidOperator(condition.kind);
    case 'compare':
      if (condition.op === '<>') throw invalidOperator('<>');
      return addTerm(OPERATORS[condition.op], [condition.left, condition.right], terms);
    case 'between':
      if (condition.operand.kind !== 'path') throw firstOperandError('BETWEEN');
      return addTerm('BETWEEN', [condition.operand, condition.lower, condition.upper], terms);
    case 'begins_with':
      if (condition.operand.kind !== 'path') throw firstOperandError('begins_with');
      return addTerm('BEGINS_WITH', [condition.operand, condition.prefix], terms);
  }
}

function addTerm(op: ComparisonOperator, operands: Operand[], terms: KeyConditionTerm[]): void {
  let name: string | undefined;
  let position = 0;
  const values: AttributeValue[] = [];
  operands.forEach((operand, i) => {
    if (operand.kind === 'path') {
      if (name !== undefined) {
        throw tableErrors.validation('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
      }
      if (operand.path.length > 1) {
        throw tableErrors.validation('KeyConditionExpressions cannot have conditions on nested attributes');
      }
      name = operand.path[0] as string;
      position = i;
    } else if (operand.kind === 'size') {
      throw tableErrors.validation('KeyConditionExpressions cannot contain nested operations');
    } else {
      values.push(operand.value);
    }
  });
  if (name === undefined) {
    throw tableErrors.validation('Invalid condition in KeyConditionExpression: No key attribute specified');
  }
  if (terms.some((t) => t.name === name)) {
    throw tableErrors.validation('KeyConditionExpressions must only contain one condition per key');
  }
  terms.push({ name, op: position === 0 ? op : MIRRORED[op]!, values });
}

const invalidOperator = (operator: string) =>
  tableErrors.validation(`Invalid operator used in KeyConditionExpression: ${operator}`);

const firstOperandError = (operator: string) =>
  tableErrors.validation(
    `Invalid condition in KeyConditionExpression: ${operator} operator must have the key attribute as its first operand`,
  );

/**
 * Binds key-condition terms to the key schema of the table or index queried, with DynamoDB's errors
 * for a missing or non-equality partition condition, a condition on another attribute, an
 * unsupported sort-key operator or a value of the wrong type.
 */
export function bindKeyCondition(terms: readonly KeyConditionTerm[], key: KeyShape): KeyCondition {
  if (key.partitionAttributes !== undefined || key.sortAttributes !== undefined) return bindMultiKeyCondition(terms, key);
  if (terms.length > 2) throw tooManyConditions();
  // Loops rather than find / filter: this runs for every Query (docs/benchmarks.md, "Query's allocation, second pass").
  let partition: KeyConditionTerm | undefined;
  let sortTerm: KeyConditionTerm | undefined;
  for (const term of terms) {
    if (partition === undefined && term.name === key.partition.name) partition = term;
    else sortTerm ??= term;
  }
  if (partition === undefined) {
    throw tableErrors.validation(`Query condition missed key schema element: ${key.partition.name}`);
  }
  if (partition.op !== 'EQ') throw tableErrors.validation('Query key condition not supported');
  if (sortTerm !== undefined && sortTerm.name !== key.sort?.name) {
    // With a sort key DynamoDB names it; without one the message is unconfirmed.
    throw tableErrors.validation(
      key.sort ? `Query condition missed key schema element: ${key.sort.name}` : 'Query key condition not supported',
    );
  }
  if (sortTerm !== undefined && !SORT_OPERATORS.has(sortTerm.op)) {
    throw tableErrors.validation('Query key condition not supported');
  }
  checkTypes(partition, key.partition.type);
  if (sortTerm !== undefined) checkTypes(sortTerm, key.sort!.type);
  const result: KeyCondition = { partition: { name: partition.name, value: partition.values[0]! } };
  if (sortTerm !== undefined) {
    result.sort = { name: sortTerm.name, op: sortTerm.op as SortKeyOperator, values: sortTerm.values };
  }
  return result;
}

function checkTypes(term: KeyConditionTerm, type: string): void {
  let mismatch = false;
  for (const value of term.values) mismatch ||= typeOf(value) !== type;
  if (mismatch) {
    throw tableErrors.validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
  }
}
