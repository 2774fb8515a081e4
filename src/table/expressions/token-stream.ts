import type { ServiceError } from '../../shared/service-error.js';
import { invalidExpression } from './expression-errors.js';
import type { ExpressionKind } from './expression-errors.js';
import { tokenize } from './tokenizer.js';
import type { Token } from './tokenizer.js';

/**
 * The tokens of recent expressions, by text: a client sends the same few expressions over and over (a
 * Query's KeyConditionExpression with new values), and lexing one costs about 1 µs. Tokens are frozen, as
 * every stream over a text shares them. Bounded in count and in text length, oldest dropped first.
 */
const recentTokens = new Map<string, readonly Token[]>();
const RECENT_TEXTS = 128;
const RECENT_TEXT_LENGTH = 512;

function tokensOf(text: string): readonly Token[] {
  let tokens = recentTokens.get(text);
  if (tokens !== undefined) return tokens;
  tokens = tokenize(text).map((token) => Object.freeze(token));
  if (text.length <= RECENT_TEXT_LENGTH) {
    if (recentTokens.size >= RECENT_TEXTS) recentTokens.delete(recentTokens.keys().next().value!);
    recentTokens.set(text, tokens);
  }
  return tokens;
}

/** A cursor over the tokens of one expression, producing DynamoDB's syntax errors. */
export class TokenStream {
  readonly kind: ExpressionKind;
  readonly text: string;
  readonly #tokens: readonly Token[];
  #position = 0;

  constructor(kind: ExpressionKind, text: string) {
    this.kind = kind;
    this.text = text;
    this.#tokens = tokensOf(text);
  }

  peek(offset = 0): Token {
    const index = Math.min(this.#position + offset, this.#tokens.length - 1);
    return this.#tokens[index]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.#position < this.#tokens.length - 1) this.#position++;
    return token;
  }

  /** Whether the current token is the punctuation `p`. */
  isPunct(p: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.text === p;
  }

  /** Whether the current token is the (case-insensitive) keyword `word`. */
  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'name' && token.text.toUpperCase() === word;
  }

  expectPunct(p: string): Token {
    if (!this.isPunct(p)) throw this.syntaxError();
    return this.next();
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.syntaxError();
    return this.next();
  }

  expectEnd(): void {
    if (this.peek().type !== 'eof') throw this.syntaxError();
  }

  /**
   * `Syntax error; token: "<token>", near: "<near>"`. DynamoDB's `near` is the original text from the
   * token before the offending one to the token after it (`SET _123` for the `_`); at the end of the
   * input the token is `<EOF>` and `near` is the last token alone.
   */
  syntaxError(token: Token = this.peek()): ServiceError {
    const index = this.#tokens.indexOf(token);
    const previous = index > 0 ? this.#tokens[index - 1] : undefined;
    const following = this.#tokens[index + 1];
    let near: string;
    if (token.type === 'eof') {
      near = previous ? this.text.slice(previous.start, previous.end) : '';
    } else {
      const start = previous ? previous.start : token.start;
      const end = following && following.type !== 'eof' ? following.end : token.end;
      near = this.text.slice(start, end);
    }
    const shown = token.type === 'eof' ? '<EOF>' : token.text;
    return invalidExpression(this.kind, `Syntax error; token: "${shown}", near: "${near}"`);
  }
}
