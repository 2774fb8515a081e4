import type { AttributeValue } from '../values/attribute-value.js';
import { partiqlErrors } from './partiql-errors.js';
import { tokenize, type Token } from './tokenizer.js';

/** How deep parentheses, NOT and nested values may go (Eddy's bound; DynamoDB's is unconfirmed). */
export const MAX_NESTING = 200;

/**
 * The parser's position in a statement's tokens, and the statement's parameters, taken in order by
 * each `?` met.
 */
export class TokenCursor {
  readonly #text: string;
  readonly #tokens: Token[];
  readonly #parameters: readonly AttributeValue[];
  #position = 0;
  #used = 0;
  #depth = 0;

  constructor(text: string, parameters: readonly AttributeValue[]) {
    this.#text = text;
    this.#tokens = tokenize(text);
    this.#parameters = parameters;
  }

  peek(ahead = 0): Token {
    return this.#tokens[Math.min(this.#position + ahead, this.#tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.#position++;
    return token;
  }

  /** Whether the next token is the keyword `word` (keywords are case-insensitive bare words). */
  isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'word' && token.text.toUpperCase() === word;
  }

  isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'punct' && token.text === text;
  }

  /** Consumes the keyword `word` if it is next. */
  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.#position++;
    return true;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.#position++;
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(`Expected ${word}`);
  }

  expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw this.unexpected(`Expected ${text}`);
  }

  /**
   * Parses one level deeper (parentheses, NOT, nested values). Past MAX_NESTING levels the statement
   * is refused, which keeps the recursive parser far from the end of the stack: 8192 characters of
   * `(` would otherwise overflow it (a 500).
   */
  nested<T>(parse: () => T): T {
    if (++this.#depth > MAX_NESTING) {
      this.#depth = 0;
      throw partiqlErrors.malformed(`Nesting deeper than ${MAX_NESTING} levels`);
    }
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  /** The value of the next parameter, for a `?` just consumed. */
  parameter(): AttributeValue {
    const value = this.#parameters[this.#used++];
    if (value === undefined) throw partiqlErrors.parameterCount();
    return value;
  }

  /** At the end of the statement, every token and every parameter must have been used. */
  expectEnd(): void {
    if (this.peek().type !== 'end') throw partiqlErrors.leftover();
    if (this.#used !== this.#parameters.length) throw partiqlErrors.parameterCount();
  }

  /** Where a token stands as DynamoDB writes it in its messages: `line:column:length`, counted from 1. */
  positionOf(token: Token): string {
    const lineStart = this.#text.lastIndexOf('\n', token.at - 1) + 1;
    const line = this.#text.slice(0, lineStart).split('\n').length;
    return `${line}:${token.at - lineStart + 1}:${token.text.length}`;
  }

  /** A malformed-statement error at the next token. */
  unexpected(detail: string) {
    const token = this.peek();
    const found = token.type === 'end' ? 'end of statement' : `'${token.text}'`;
    return partiqlErrors.malformed(`${detail}, found ${found} at position ${token.at + 1}`);
  }
}
