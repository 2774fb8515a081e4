import { parsePath, startsPath } from './path-parser.js';
import type { ParsedPath } from './path-parser.js';
import type { RawOperand } from './raw-condition.js';
import { TokenStream } from './token-stream.js';

/** Clause keywords of the update grammar: never attribute or function names there. */
export const UPDATE_KEYWORDS: ReadonlySet<string> = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);

export type RawArithmetic = { kind: '+' | '-'; left: RawOperand; right: RawOperand; parens: number };
export type RawSetValue = RawOperand | RawArithmetic;

export const isArithmetic = (value: RawSetValue): value is RawArithmetic => value.kind === '+' || value.kind === '-';

export type RawUpdateAction =
  | { action: 'SET'; target: ParsedPath; value: RawSetValue }
  | { action: 'REMOVE'; target: ParsedPath }
  | { action: 'ADD' | 'DELETE'; target: ParsedPath; ref: string };

export interface UpdateSyntax {
  actions: RawUpdateAction[];
  /** The first clause keyword used twice, if any. */
  repeatedSection?: string;
  operators: number;
}

/**
 * Recursive-descent parser for DynamoDB's update grammar:
 *
 *   update  := clause+        clause := SET set, … | REMOVE path, … | ADD path :v, … | DELETE path :v, …
 *   set     := path = value   value  := term [ (+|-) term ] | ( term [ (+|-) term ] )
 *   term    := operand | ( operand )
 *   operand := :value | path | name ( term, … )
 *
 * Placeholders stay as written: the tree depends on the text alone (update-parser.ts resolves them).
 */
export function parseUpdateSyntax(text: string): UpdateSyntax {
  const parser = new UpdateParser(new TokenStream('UpdateExpression', text));
  return parser.update();
}

class UpdateParser {
  readonly #stream: TokenStream;
  #operators = 0;

  constructor(stream: TokenStream) {
    this.#stream = stream;
  }

  update(): UpdateSyntax {
    const actions: RawUpdateAction[] = [];
    const seen = new Set<string>();
    let repeatedSection: string | undefined;
    do {
      const token = this.#stream.peek();
      const section = token.type === 'name' ? token.text.toUpperCase() : '';
      if (!UPDATE_KEYWORDS.has(section)) throw this.#stream.syntaxError();
      this.#stream.next();
      if (seen.has(section)) repeatedSection ??= section;
      seen.add(section);
      actions.push(this.#action(section));
      while (this.#stream.isPunct(',')) {
        this.#stream.next();
        actions.push(this.#action(section));
      }
    } while (this.#stream.peek().type !== 'eof');
    const result: UpdateSyntax = { actions, operators: this.#operators };
    if (repeatedSection !== undefined) result.repeatedSection = repeatedSection;
    return result;
  }

  #action(section: string): RawUpdateAction {
    const target = this.#path();
    switch (section) {
      case 'SET':
        this.#stream.expectPunct('=');
        return { action: 'SET', target, value: this.#setValue() };
      case 'REMOVE':
        return { action: 'REMOVE', target };
      default: {
        const token = this.#stream.peek();
        if (token.type !== 'valueRef') throw this.#stream.syntaxError();
        this.#stream.next();
        return { action: section as 'ADD' | 'DELETE', target, ref: token.text };
      }
    }
  }

  #setValue(): RawSetValue {
    if (this.#stream.isPunct('(')) {
      this.#stream.next();
      const inner = this.#arithmetic(this.#term());
      this.#stream.expectPunct(')');
      inner.parens++;
      // `(a + b) + c` is refused; `(a) + b` is a parenthesised term.
      return isArithmetic(inner) ? inner : this.#arithmetic(inner);
    }
    return this.#arithmetic(this.#term());
  }

  #arithmetic(left: RawOperand): RawSetValue {
    const token = this.#stream.peek();
    if (token.type !== 'punct' || (token.text !== '+' && token.text !== '-')) return left;
    this.#stream.next();
    this.#operators++;
    return { kind: token.text, left, right: this.#term(), parens: 0 };
  }

  #term(): RawOperand {
    if (!this.#stream.isPunct('(')) return this.#operand();
    this.#stream.next();
    const operand = this.#operand();
    this.#stream.expectPunct(')');
    operand.parens++;
    return operand;
  }

  #operand(): RawOperand {
    const token = this.#stream.peek();
    if (token.type === 'valueRef') {
      this.#stream.next();
      return { kind: 'value', ref: token.text, parens: 0 };
    }
    if (token.type === 'name' && !UPDATE_KEYWORDS.has(token.text.toUpperCase()) && this.#stream.isPunct('(', 1)) {
      this.#stream.next();
      this.#stream.next();
      this.#operators++;
      const args = [this.#term()];
      while (this.#stream.isPunct(',')) {
        this.#stream.next();
        args.push(this.#term());
      }
      this.#stream.expectPunct(')');
      return { kind: 'call', name: token.text, token, args, parens: 0 };
    }
    return { kind: 'path', parsed: this.#path(), parens: 0 };
  }

  #path(): ParsedPath {
    if (!startsPath(this.#stream, UPDATE_KEYWORDS)) throw this.#stream.syntaxError();
    return parsePath(this.#stream, UPDATE_KEYWORDS);
  }
}
