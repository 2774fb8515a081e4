import type { Deployment } from '../shared/arns.js';
import { lambdaErrors } from './lambda-errors.js';

/** A function and qualifier a request names: `$LATEST` when it names none. */
export interface QualifiedFunctionName {
  readonly name: string;
  readonly qualifier: string;
  /** A full or partial ARN of another region or account: a function Eddy cannot have. */
  readonly foreign: boolean;
}

const NAME = '[a-zA-Z0-9-_]+';
const QUALIFIER = '\\$LATEST|[a-zA-Z0-9-_]+';
const FULL = new RegExp(`^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\\d{12}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const PARTIAL = new RegExp(`^(\\d{12}):function:(${NAME})(?::(${QUALIFIER}))?$`);
const PLAIN = new RegExp(`^(${NAME})(?::(${QUALIFIER}))?$`);
/** NamespacedFunctionName's pattern, as the model states it. */
const MODEL_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';

const violation = (value: string, field: string, rule: string) =>
  lambdaErrors.validation(`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`);

/**
 * The FunctionName path parameter of the operations that take a name, a full or partial ARN, or
 * `name:qualifier`, with an optional Qualifier query parameter (the event invoke config operations).
 * A qualifier in the name and a different Qualifier parameter is Lambda's InvalidParameterValueException.
 */
export function parseQualifiedFunctionName(raw: string, qualifierParam: string | undefined, d: Deployment): QualifiedFunctionName {
  if (raw.length === 0 || raw.length > 256) {
    throw violation(raw, 'functionName', `Member must have length ${raw.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 256'}`);
  }
  if (qualifierParam !== undefined && (qualifierParam.length === 0 || qualifierParam.length > 128 || !/^[a-zA-Z0-9$_-]+$/.test(qualifierParam))) {
    const rule = qualifierParam.length > 128 ? 'Member must have length less than or equal to 128' : 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)';
    throw violation(qualifierParam, 'qualifier', rule);
  }
  const full = FULL.exec(raw);
  const partial = full ? null : PARTIAL.exec(raw);
  const plain = full || partial ? null : PLAIN.exec(raw);
  let parts: { name: string; derived: string | undefined; foreign: boolean };
  if (full) parts = { name: full[3]!, derived: full[4], foreign: full[1] !== d.region || full[2] !== d.account };
  else if (partial) parts = { name: partial[2]!, derived: partial[3], foreign: partial[1] !== d.account };
  else if (plain) parts = { name: plain[1]!, derived: plain[2], foreign: false };
  else throw violation(raw, 'functionName', `Member must satisfy regular expression pattern: ${MODEL_PATTERN}`);
  const { name, derived, foreign } = parts;
  if (derived !== undefined && qualifierParam !== undefined && derived !== qualifierParam) {
    throw lambdaErrors.invalidParameterValue('The derived qualifier from the function name does not match the specified qualifier.');
  }
  return { name, qualifier: derived ?? qualifierParam ?? '$LATEST', foreign };
}
