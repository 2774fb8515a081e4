import { compileAnythingBut } from './anything-but-condition.js';
import { compileCidr } from './cidr.js';
import { invalidPattern } from './invalid-event-pattern-error.js';
import { compileNumeric } from './numeric-condition.js';
import { parseWildcard, wildcardMatcher } from './wildcard.js';
import type { ScalarTest } from './event-values.js';

/** A compiled `{operator: …}` element of a leaf array: a value test, or an `exists` check. */
export type OperatorCondition = { kind: 'test'; test: ScalarTest } | { kind: 'exists'; exists: boolean };

const ONE_KEY = 'Only one key allowed in match expression';

function stringTest(test: (value: string) => boolean): OperatorCondition {
  return { kind: 'test', test: (value) => typeof value === 'string' && test(value) };
}

/** `{"prefix": {"equals-ignore-case": "x"}}` and the suffix twin. */
function ignoreCaseAffix(kind: 'prefix' | 'suffix', spec: object): OperatorCondition {
  const keys = Object.keys(spec);
  const title = kind === 'prefix' ? 'Prefix' : 'Suffix';
  if (keys.length === 0) invalidPattern(`${title} expression name not found`);
  if (keys[0] !== 'equals-ignore-case') invalidPattern(`Unsupported ${kind} pattern: ${keys[0]}`);
  const text = (spec as Record<string, unknown>)['equals-ignore-case'];
  if (typeof text !== 'string') invalidPattern('equals-ignore-case match pattern must be a string');
  if (keys.length > 1) invalidPattern(ONE_KEY);
  const lowered = text.toLowerCase();
  return kind === 'prefix'
    ? stringTest((value) => value.toLowerCase().startsWith(lowered))
    : stringTest((value) => value.toLowerCase().endsWith(lowered));
}

function affix(kind: 'prefix' | 'suffix', spec: unknown): OperatorCondition {
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) return ignoreCaseAffix(kind, spec);
  if (typeof spec !== 'string') invalidPattern(`${kind} match pattern must be a string`);
  return kind === 'prefix'
    ? stringTest((value) => value.startsWith(spec))
    : stringTest((value) => value.endsWith(spec));
}

function compileOperatorValue(name: string, spec: unknown): OperatorCondition {
  switch (name) {
    case 'exactly':
      // event-ruler's explicit exact match; not in EventBridge's documentation (accepted there: unconfirmed).
      if (typeof spec !== 'string') invalidPattern('exact match pattern must be a string');
      return stringTest((value) => value === spec);
    case 'prefix':
    case 'suffix':
      return affix(name, spec);
    case 'equals-ignore-case': {
      if (typeof spec !== 'string') invalidPattern('equals-ignore-case match pattern must be a string');
      const lowered = spec.toLowerCase();
      return stringTest((value) => value.toLowerCase() === lowered);
    }
    case 'wildcard': {
      if (typeof spec !== 'string') invalidPattern('wildcard match pattern must be a string');
      return stringTest(wildcardMatcher(parseWildcard(spec)));
    }
    case 'anything-but':
      return { kind: 'test', test: compileAnythingBut(spec) };
    case 'numeric':
      return { kind: 'test', test: compileNumeric(spec) };
    case 'exists':
      if (typeof spec !== 'boolean') invalidPattern('exists match pattern must be either true or false.');
      return { kind: 'exists', exists: spec };
    case 'cidr':
      // Observed on AWS: a non-string cidr is reported with the prefix message.
      if (typeof spec !== 'string') invalidPattern('prefix match pattern must be a string');
      return { kind: 'test', test: compileCidr(spec) };
    default:
      return invalidPattern(`Unrecognized match type ${name}`);
  }
}

/**
 * Compiles one operator object of a leaf array. Keys and operator names are case-sensitive. The first key
 * names the operator; its value is validated before any extra key is reported, as AWS's streaming parser
 * does.
 */
export function compileOperator(spec: object): OperatorCondition {
  const keys = Object.keys(spec);
  if (keys.length === 0) invalidPattern('Match expression name not found');
  const name = keys[0]!;
  const condition = compileOperatorValue(name, (spec as Record<string, unknown>)[name]);
  if (keys.length > 1) {
    invalidPattern(name === 'numeric' || name === 'anything-but' ? 'Too many elements in numeric expression' : ONE_KEY);
  }
  return condition;
}
