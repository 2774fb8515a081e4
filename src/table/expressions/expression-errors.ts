import type { ServiceError } from '../../shared/service-error.js';
import { tableErrors } from '../errors.js';

/** The request parameter an expression came from; DynamoDB names it in every message. */
export type ExpressionKind =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression';

/** `Invalid <kind>: <message>`, the ValidationException DynamoDB returns for a bad expression. */
export function invalidExpression(kind: ExpressionKind, message: string): ServiceError {
  return tableErrors.validation(`Invalid ${kind}: ${message}`);
}

/**
 * Collects semantic errors by category while an expression is checked, keeping the first message of
 * each category. DynamoDB reports one error per request, chosen by category priority rather than by
 * position (e.g. a reserved word anywhere wins over an undefined placeholder earlier in the text).
 */
export class ErrorCollector<C extends string> {
  readonly #first = new Map<C, string>();

  record(category: C, message: string): void {
    if (!this.#first.has(category)) this.#first.set(category, message);
  }

  /** The message of the highest-priority category recorded, if any. */
  first(order: readonly C[]): string | undefined {
    for (const category of order) {
      const message = this.#first.get(category);
      if (message !== undefined) return message;
    }
    return undefined;
  }

  /** Throws the message of the highest-priority category recorded, if any. */
  throwFirst(order: readonly C[], kind: ExpressionKind): void {
    const message = this.first(order);
    if (message !== undefined) throw invalidExpression(kind, message);
  }
}

/** Type names used by ADD / DELETE operand messages (`operand type: STRING`); sets are always accepted. */
export const LONG_TYPE_NAMES: Readonly<Record<string, string>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  NULL: 'NULL',
  BOOL: 'BOOLEAN',
  L: 'LIST',
  M: 'MAP',
};

/** `AttributeValue: {N:5}`, DynamoDB's rendering of a literal in BETWEEN messages. */
export function describeValue(value: { [type: string]: unknown }): string {
  const type = Object.keys(value)[0]!;
  return `AttributeValue: {${type}:${String(value[type])}}`;
}
