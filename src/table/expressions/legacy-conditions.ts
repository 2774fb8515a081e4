import type { AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { compareValues } from '../values/compare.js';
import { tableErrors } from '../errors.js';
import type { Condition, Operand } from './condition.js';
import { tooManyConditions, type ComparisonOperator, type KeyConditionTerm } from './key-condition.js';
import { MAX_KEY_CONDITIONS } from './multi-key-condition.js';

/** A legacy `Expected` entry (PutItem, UpdateItem, DeleteItem). */
export interface ExpectedAttributeValue {
  Value?: AttributeValue;
  Exists?: boolean;
  ComparisonOperator?: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
}

/** A legacy QueryFilter / ScanFilter / KeyConditions entry. */
export interface LegacyCondition {
  ComparisonOperator: ComparisonOperator;
  AttributeValueList?: AttributeValue[];
}

const INVALID = 'One or more parameter values were invalid: ';
const invalid = (message: string) => tableErrors.validation(INVALID + message);

/** Literal types each operator accepts (sets never, except for EQ / NE). */
const SCALAR = new Set(['S', 'N', 'B']);
const ACCEPTED: Readonly<Record<ComparisonOperator, ReadonlySet<string> | undefined>> = {
  EQ: undefined,
  NE: undefined,
  NULL: undefined,
  NOT_NULL: undefined,
  LE: SCALAR,
  LT: SCALAR,
  GE: SCALAR,
  GT: SCALAR,
  IN: SCALAR,
  BETWEEN: SCALAR,
  BEGINS_WITH: new Set(['S', 'B']),
  CONTAINS: new Set(['S', 'N', 'B', 'BOOL', 'NULL']),
  NOT_CONTAINS: new Set(['S', 'N', 'B', 'BOOL', 'NULL']),
};

/**
 * Converts legacy `Expected` (+ `ConditionalOperator`, default AND) to a condition, with DynamoDB's
 * validation messages. `{Value}` means EQ, `{Exists: false}` means NULL. Undefined when empty.
 */
export function expectedCondition(
  expected: Record<string, ExpectedAttributeValue>,
  conditionalOperator?: 'AND' | 'OR',
): Condition | undefined {
  const conditions = Object.entries(expected).map(([name, entry]) => {
    checkExpectedEntry(name, entry);
    const op = entry.ComparisonOperator ?? (entry.Exists === false ? 'NULL' : 'EQ');
    const values = entry.Value !== undefined ? [entry.Value] : (entry.AttributeValueList ?? []);
    checkArguments(op, values);
    return legacyCondition(name, op, values);
  });
  return combine(conditions, conditionalOperator);
}

/** Converts a legacy QueryFilter or ScanFilter (+ `ConditionalOperator`) to a condition. */
export function conditionFromFilter(
  filter: Record<string, LegacyCondition>,
  conditionalOperator?: 'AND' | 'OR',
): Condition | undefined {
  const conditions = Object.entries(filter).map(([name, entry]) => {
    const values = entry.AttributeValueList ?? [];
    checkArguments(entry.ComparisonOperator, values);
    return legacyCondition(name, entry.ComparisonOperator, values);
  });
  return combine(conditions, conditionalOperator);
}

/**
 * Converts legacy KeyConditions to key-condition terms (bind them with `bindKeyCondition` once the
 * table is known; unsupported operators such as CONTAINS are refused there, as DynamoDB does).
 */
export function keyConditionsFromLegacy(keyConditions: Record<string, LegacyCondition>): KeyConditionTerm[] {
  const terms = Object.entries(keyConditions).map(([name, entry]) => {
    const values = entry.AttributeValueList ?? [];
    checkArguments(entry.ComparisonOperator, values);
    return { name, op: entry.ComparisonOperator, values };
  });
  // More than two need a multi-attribute key: bindKeyCondition counts them against the key read.
  if (terms.length === 0 || terms.length > MAX_KEY_CONDITIONS) throw tooManyConditions();
  return terms;
}

/** Entry-level rules of `Expected`, in DynamoDB's order. */
function checkExpectedEntry(name: string, entry: ExpectedAttributeValue): void {
  const op = entry.ComparisonOperator;
  if (entry.Exists !== undefined && op !== undefined) {
    throw invalid(`Exists and ComparisonOperator cannot be used together for Attribute: ${name}`);
  }
  if (entry.Value !== undefined && entry.AttributeValueList !== undefined) {
    throw invalid(`Value and AttributeValueList cannot be used together for Attribute: ${name}`);
  }
  if (op === undefined && entry.AttributeValueList !== undefined) {
    throw invalid(`AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`);
  }
  if (entry.Exists === false && entry.Value !== undefined) {
    throw invalid(`Value cannot be used when Exists is false for Attribute: ${name}`);
  }
  if (entry.Value === undefined && entry.AttributeValueList === undefined) {
    if (op !== undefined) {
      if (op !== 'NULL' && op !== 'NOT_NULL') {
        throw invalid(`Value or AttributeValueList must be used with ComparisonOperator: ${op} for Attribute: ${name}`);
      }
    } else if (entry.Exists !== false) {
      throw invalid(`Value must be provided when Exists is ${entry.Exists === undefined ? 'null' : 'true'} for Attribute: ${name}`);
    }
  }
}

/** Argument count, one type for all arguments, types the operator accepts, BETWEEN bounds in order. */
function checkArguments(op: ComparisonOperator, values: AttributeValue[]): void {
  const count = values.length;
  const countOk =
    op === 'NULL' || op === 'NOT_NULL' ? count === 0 : op === 'IN' ? count >= 1 : op === 'BETWEEN' ? count === 2 : count === 1;
  if (!countOk) throw invalid(`Invalid number of argument(s) for the ${op} ComparisonOperator`);
  if (count === 0) return;
  const type = typeOf(values[0]!);
  if (values.some((v) => typeOf(v) !== type)) {
    throw invalid('AttributeValues inside AttributeValueList must be of same type');
  }
  const accepted = ACCEPTED[op];
  if (accepted !== undefined && !accepted.has(type)) {
    throw invalid(`ComparisonOperator ${op} is not valid for ${type} AttributeValue type`);
  }
  if (op === 'BETWEEN' && (compareValues(values[0]!, values[1]!) ?? 0) > 0) {
    throw tableErrors.validation('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
  }
}

function legacyCondition(name: string, op: ComparisonOperator, values: AttributeValue[]): Condition {
  const path: Operand = { kind: 'path', path: [name] };
  const value = (i: number): Operand => ({ kind: 'value', value: values[i]! });
  switch (op) {
    case 'EQ':
      return { kind: 'compare', op: '=', left: path, right: value(0) };
    case 'NE':
      return { kind: 'compare', op: '<>', left: path, right: value(0) };
    case 'LT':
      return { kind: 'compare', op: '<', left: path, right: value(0) };
    case 'LE':
      return { kind: 'compare', op: '<=', left: path, right: value(0) };
    case 'GT':
      return { kind: 'compare', op: '>', left: path, right: value(0) };
    case 'GE':
      return { kind: 'compare', op: '>=', left: path, right: value(0) };
    case 'NULL':
      return { kind: 'attribute_not_exists', path: [name] };
    case 'NOT_NULL':
      return { kind: 'attribute_exists', path: [name] };
    case 'CONTAINS':
      return { kind: 'contains', operand: path, value: value(0) };
    case 'NOT_CONTAINS':
      // NOT_CONTAINS is false for a missing attribute, unlike NOT contains(...).
      return {
        kind: 'and',
        left: { kind: 'attribute_exists', path: [name] },
        right: { kind: 'not', condition: { kind: 'contains', operand: path, value: value(0) } },
      };
    case 'BEGINS_WITH':
      return { kind: 'begins_with', operand: path, prefix: value(0) };
    case 'IN':
      return { kind: 'in', operand: path, candidates: values.map((_, i) => value(i)) };
    case 'BETWEEN':
      return { kind: 'between', operand: path, lower: value(0), upper: value(1) };
  }
}

function combine(conditions: Condition[], operator: 'AND' | 'OR' | undefined): Condition | undefined {
  const kind = operator === 'OR' ? 'or' : 'and';
  return conditions.reduce<Condition | undefined>((acc, c) => (acc === undefined ? c : { kind, left: acc, right: c }), undefined);
}
