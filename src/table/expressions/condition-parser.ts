import type { Condition } from './condition.js';
import { checkCondition } from './condition-checks.js';
import { parseConditionSyntax } from './condition-syntax.js';
import { checkExpressionText, checkOperatorCount } from './expression-text.js';
import type { RawNode } from './raw-condition.js';
import type { ExpressionScope } from './scope.js';

/**
 * Parses a ConditionExpression or FilterExpression, resolving its placeholders through `scope`.
 * Throws DynamoDB's ValidationException (`Invalid ConditionExpression: …`) for any syntax or
 * semantic error.
 */
export function parseCondition(
  text: string,
  scope: ExpressionScope,
  kind: 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' = 'ConditionExpression',
): Condition {
  return parseConditionTree(text, scope, kind).condition;
}

/** `parseCondition`, also returning the syntax tree it checked (placeholders as written: key-condition-cache.ts). */
export function parseConditionTree(
  text: string,
  scope: ExpressionScope,
  kind: 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression',
): { condition: Condition; root: RawNode } {
  checkExpressionText(kind, text);
  const syntax = parseConditionSyntax(kind, text, scope);
  checkOperatorCount(kind, syntax.operators);
  return { condition: checkCondition(syntax.root, syntax.redundantParens, kind), root: syntax.root };
}
