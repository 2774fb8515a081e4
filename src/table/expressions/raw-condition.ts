import type { Comparator } from './condition.js';
import type { ParsedPath } from './path-parser.js';
import type { Token } from './tokenizer.js';

/**
 * The syntax tree of a condition before its semantic checks: function names are not yet known to be
 * valid, placeholders are as written (and may be undefined in the request), and a function call may
 * stand where a condition or an operand is expected. `parens` counts the parentheses directly around a node.
 */
export type RawOperand =
  | { kind: 'path'; parsed: ParsedPath; parens: number }
  | { kind: 'value'; ref: string; parens: number }
  | { kind: 'call'; name: string; token: Token; args: RawOperand[]; parens: number };

export type RawCondition =
  | { kind: 'compare'; op: Comparator; left: RawOperand; right: RawOperand; parens: number }
  | { kind: 'between'; operand: RawOperand; lower: RawOperand; upper: RawOperand; parens: number }
  | { kind: 'in'; operand: RawOperand; candidates: RawOperand[]; parens: number }
  | { kind: 'and' | 'or'; left: RawNode; right: RawNode; parens: number }
  | { kind: 'not'; operand: RawNode; parens: number };

export type RawNode = RawCondition | RawOperand;

export const isRawOperand = (node: RawNode): node is RawOperand =>
  node.kind === 'path' || node.kind === 'value' || node.kind === 'call';
