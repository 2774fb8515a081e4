import type { Condition, Operand, Path } from '../expressions/index.js';
import { operandCountError, operandTypeError, requiresPathError } from '../expressions/functions.js';
import { tableErrors } from '../errors.js';
import type { AttributeType } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { IS_TYPES } from './is-types.js';
import { partiqlErrors } from './partiql-errors.js';
import type { Comparison, Expr, IsTest } from './statement.js';

const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

/** IN's bound on a non-key attribute ("PartiQL … operators for DynamoDB": at most 100 values; 50 on a partition key, where-keys.ts). */
export const MAX_IN_VALUES = 100;

/**
 * A WHERE clause as the condition the expression evaluator runs: `a IS MISSING` is
 * attribute_not_exists(a), `a IS NOT MISSING` attribute_exists(a), `a IS NULL` a NULL-typed
 * attribute, `a IS <type>` an attribute of one of the type's DynamoDB types (is-types.ts); begins_with, contains, attribute_type and size are DynamoDB's functions of the same
 * names. Functions outside DynamoDB's PartiQL list ("Use PartiQL functions with DynamoDB":
 * EXISTS, BEGINS_WITH, MISSING, ATTRIBUTE_TYPE, CONTAINS, SIZE) are refused with DynamoDB's
 * "Unrecognized function" answer; attribute_exists and attribute_not_exists are accepted, as a public
 * conformance suite records AWS doing (though DynamoDB's documentation does not list them).
 */
export function conditionOf(expr: Expr): Condition {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { kind: expr.kind, left: conditionOf(expr.left), right: conditionOf(expr.right) };
    case 'not':
      return { kind: 'not', condition: conditionOf(expr.operand) };
    case 'compare':
      return comparedCall(expr) ?? { kind: 'compare', op: expr.op, left: ordered(expr.op, expr.left), right: ordered(expr.op, expr.right) };
    case 'between':
      return { kind: 'between', operand: operandOf(expr.operand), lower: operandOf(expr.lower), upper: operandOf(expr.upper) };
    case 'in':
      if (expr.candidates.length > MAX_IN_VALUES) throw partiqlErrors.tooManyInValues(MAX_IN_VALUES, false);
      return { kind: 'in', operand: operandOf(expr.operand), candidates: expr.candidates.map(operandOf) };
    case 'is': {
      const path = pathOf(expr.operand, expr.test);
      const test: Condition = expr.test === 'MISSING' ? { kind: 'attribute_not_exists', path } : typeTest(path, expr.test);
      return expr.negated ? { kind: 'not', condition: test } : test;
    }
    case 'call':
      return callCondition(expr);
    default:
      throw partiqlErrors.unsupportedOperand(`${expr.kind} used as a condition`);
  }
}

const CONDITION_CALLS: ReadonlySet<string> = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains']);

/**
 * A condition function compared with a boolean literal by = or <>: the function's condition or its
 * negation. Recorded accepted by AWS for `attribute_exists(ss) = true` (paritysuite/dynamodb-conformance
 * whereFunctions); the other condition functions and `<>` are taken alike.
 */
function comparedCall(expr: Extract<Expr, { kind: 'compare' }>): Condition | undefined {
  if (expr.op !== '=' && expr.op !== '<>') return undefined;
  const [call, other] = expr.left.kind === 'call' ? [expr.left, expr.right] : [expr.right, expr.left];
  if (call.kind !== 'call' || !CONDITION_CALLS.has(call.name) || other.kind !== 'value' || !('BOOL' in other.value)) return undefined;
  const condition = callCondition(call);
  return other.value.BOOL === (expr.op === '=') ? condition : { kind: 'not', condition };
}

/** An attribute of one of the DynamoDB types `test` (NULL or a PartiQL type name) stands for. */
function typeTest(path: Path, test: Exclude<IsTest, 'MISSING'>): Condition {
  const types: readonly AttributeType[] = test === 'NULL' ? ['NULL'] : IS_TYPES[test];
  return types
    .map((type): Condition => ({ kind: 'attribute_type', path, type }))
    .reduce((left, right) => ({ kind: 'or', left, right }));
}

/**
 * A condition function. Its operand count and document-path rules are the condition expressions' (a
 * PartiQL WHERE clause becomes one), in their words without the "Invalid ConditionExpression: "
 * prefix: recorded from AWS for attribute_exists with no operand, two operands, a literal and a
 * parameter (paritysuite/dynamodb-conformance partiqlFunctions); the other functions are assumed to
 * answer alike (unconfirmed).
 */
function callCondition(call: Extract<Expr, { kind: 'call' }>): Condition {
  const { name, args } = call;
  const arity = (n: number) => {
    if (args.length !== n) throw tableErrors.validation(operandCountError(name, args.length));
  };
  switch (name) {
    case 'begins_with':
      arity(2);
      return { kind: 'begins_with', operand: operandOf(args[0]!), prefix: operandOf(args[1]!) };
    case 'contains':
      arity(2);
      return { kind: 'contains', operand: operandOf(args[0]!), value: operandOf(args[1]!) };
    // Not in DynamoDB's PartiQL function list, but recorded accepted by AWS (any letter case) in a public
    // conformance suite run against four regions (paritysuite/dynamodb-conformance, 2026-10), and named
    // by the issue: accepted, as IS NOT MISSING / IS MISSING.
    case 'attribute_exists':
      arity(1);
      return { kind: 'attribute_exists', path: documentPath(args[0]!, name) };
    case 'attribute_not_exists':
      arity(1);
      return { kind: 'attribute_not_exists', path: documentPath(args[0]!, name) };
    case 'attribute_type': {
      arity(2);
      const path = documentPath(args[0]!, name);
      const type = args[1]!;
      // Unconfirmed for PartiQL: a type that is not a string literal, answered as ConditionExpression does.
      if (type.kind !== 'value') throw tableErrors.validation(operandTypeError(name, '{NS,SS,L,BS,N,M,B,BOOL,NULL,S}'));
      if (!('S' in type.value)) throw tableErrors.validation(operandTypeError(name, typeOf(type.value)));
      // Recorded from AWS (the answer to attribute_type(Total, 'X') quoted by a public emulator's
      // tests, "captured from real DynamoDB"); PartiQL lists the types in another order than
      // ConditionExpression does.
      if (!ATTRIBUTE_TYPES.has(type.value.S)) {
        throw tableErrors.validation(`Invalid attribute type name found; type: ${type.value.S}, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}`);
      }
      return { kind: 'attribute_type', path, type: type.value.S as AttributeType };
    }
    default:
      throw partiqlErrors.unrecognizedFunction(name, call.at);
  }
}

/**
 * An operand of a comparison: <, <=, > and >= order numbers, strings and binaries only, and refuse a
 * literal of another type in the condition expressions' words (recorded from AWS for `val < ?` with a
 * BOOL parameter, nubo-db/dynamodb-conformance; other types assumed alike).
 */
function ordered(op: Comparison, expr: Expr): Operand {
  const operand = operandOf(expr);
  if (op === '=' || op === '<>' || operand.kind !== 'value') return operand;
  const type = typeOf(operand.value);
  if (type !== 'N' && type !== 'S' && type !== 'B') throw tableErrors.validation(operandTypeError(op, type));
  return operand;
}

function operandOf(expr: Expr): Operand {
  if (expr.kind === 'value') return { kind: 'value', value: expr.value };
  if (expr.kind === 'path') return { kind: 'path', path: expr.path };
  if (expr.kind === 'call' && expr.name === 'size') {
    if (expr.args.length !== 1) throw tableErrors.validation(operandCountError('size', expr.args.length));
    return { kind: 'size', operand: operandOf(expr.args[0]!) };
  }
  if (expr.kind === 'call' && !CONDITION_CALLS.has(expr.name)) {
    throw partiqlErrors.unrecognizedFunction(expr.name, expr.at);
  }
  throw partiqlErrors.unsupportedOperand(expr.kind === 'call' ? expr.name : expr.kind);
}

function pathOf(expr: Expr, what: string) {
  if (expr.kind !== 'path') throw partiqlErrors.unsupportedOperand(`${what} needs an attribute path`);
  return expr.path;
}

/** The document path a function's first operand must be. */
function documentPath(expr: Expr, fn: string) {
  if (expr.kind !== 'path') throw tableErrors.validation(requiresPathError(fn));
  return expr.path;
}
