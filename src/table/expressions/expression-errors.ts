import { MAX_QUOTED_CHARS } from '../../shared/quote-value.js';
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
  /** Made at the first error: a valid expression's checks allocate none. */
  #first: Map<C, string> | undefined;

  record(category: C, message: string): void {
    const first = (this.#first ??= new Map());
    if (!first.has(category)) first.set(category, message);
  }

  /** Forgets every error recorded, for the collector to serve again. */
  clear(): void {
    this.#first = undefined;
  }

  /** The message of the highest-priority category recorded, if any. */
  first(order: readonly C[]): string | undefined {
    if (this.#first === undefined) return undefined;
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

/**
 * `AttributeValue: {N:5}`, DynamoDB's rendering of a literal in BETWEEN messages. Lists, sets and maps
 * are written member by member (a map as `{name=AttributeValue: {S:x}}`, as Java prints one;
 * unconfirmed), never through String(), which calls a map's own `toString` member if it has one; the
 * whole is cut after MAX_QUOTED_CHARS like any value an error quotes.
 */
export function describeValue(value: { [type: string]: unknown }): string {
  const parts: string[] = [];
  let length = 0;
  const full = () => length > MAX_QUOTED_CHARS;
  const add = (text: string) => {
    if (full()) return;
    parts.push(text);
    length += text.length;
  };
  // Recursion is bounded by the request's own nesting (at most 1,000 levels reach a handler).
  const write = (attribute: unknown): void => {
    const type = attribute !== null && typeof attribute === 'object' ? Object.keys(attribute)[0] : undefined;
    if (type === undefined) return add(typeof attribute === 'object' ? '{}' : String(attribute));
    add(`AttributeValue: {${type}:`);
    const member = (attribute as Record<string, unknown>)[type];
    if (Array.isArray(member)) {
      add('[');
      for (let i = 0; i < member.length && !full(); i++) {
        if (i > 0) add(', ');
        if (member[i] !== null && typeof member[i] === 'object') write(member[i]);
        else add(String(member[i]));
      }
      add(']');
    } else if (member !== null && typeof member === 'object') {
      add('{');
      let first = true;
      for (const name of Object.keys(member)) {
        if (full()) break;
        if (!first) add(', ');
        first = false;
        add(`${name}=`);
        write((member as Record<string, unknown>)[name]);
      }
      add('}');
    } else add(String(member));
    add('}');
  };
  write(value);
  const text = parts.join('');
  return full() ? `${text.slice(0, MAX_QUOTED_CHARS)}...` : text;
}
