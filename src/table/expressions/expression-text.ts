import { invalidExpression } from './expression-errors.js';
import type { ExpressionKind } from './expression-errors.js';

/** "The maximum length of any expression string is 4 KB" (DynamoDB service quotas). */
export const MAX_EXPRESSION_BYTES = 4096;

/** "The maximum number of operators or functions allowed in any expression is 300." */
export const MAX_OPERATORS = 300;

/** Rejects an empty or oversized expression before it is parsed. */
export function checkExpressionText(kind: ExpressionKind, text: string): void {
  if (text.trim() === '') throw invalidExpression(kind, 'The expression can not be empty;');
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_EXPRESSION_BYTES) {
    // Observed form: "Invalid FilterExpression: Expression size has exceeded the maximum allowed size;
    // expression size: 5872".
    throw invalidExpression(kind, `Expression size has exceeded the maximum allowed size; expression size: ${size}`);
  }
}

/** Rejects an expression with more than 300 operators and functions (message format unconfirmed). */
export function checkOperatorCount(kind: ExpressionKind, count: number): void {
  if (count > MAX_OPERATORS) {
    throw invalidExpression(kind, `The expression contains too many operators; operator count: ${count}`);
  }
}
