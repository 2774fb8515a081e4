import type { Comparator } from './condition.js';
import type { ExpressionKind } from './expression-errors.js';
import { invalidExpression } from './expression-errors.js';
import { MAX_OPERATORS } from './expression-text.js';
import { parsePath, startsPath } from './path-parser.js';
import type { RawNode, RawOperand } from './raw-condition.js';
import { isRawOperand } from './raw-condition.js';
import { TokenStream } from './token-stream.js';
import { CONDITION_FUNCTIONS, UPDATE_FUNCTIONS } from './functions.js';

/** Keywords of the condition grammar: never attribute names, never function names. */
export const CONDITION_KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);

const COMPARATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=']);

/**
 * How deep parentheses and function calls may nest. Every level that does not merely wrap the one
 * inside it holds an operator or function of its own, so an expression nested deeper has redundant
 * parentheses or more than MAX_OPERATORS operators, which DynamoDB refuses either way. Refusing it
 * at this depth keeps the recursive parser far from the end of the stack: 4 KB of text holds 2,000
 * levels, five calls each, and that overflowed it (a 500).
 */
export const MAX_NESTING = MAX_OPERATORS + 1;

/** "The IN operator is provided with too many operands" beyond 100 candidates. */
export const MAX_IN_OPERANDS = 100;

/** Result of the syntax pass over a condition. */
export interface ConditionSyntax {
  root: RawNode;
  /** Operators and functions, counted against DynamoDB's limit of 300. */
  operators: number;
  /** Whether some parentheses directly wrap other parentheses: `((a = b))`. */
  redundantParens: boolean;
}

/**
 * Recursive-descent parser for DynamoDB's condition grammar, precedence NOT > AND > OR:
 *
 *   or      := and ( OR and )*
 *   and     := not ( AND not )*
 *   not     := NOT not | primary
 *   primary := atom [ comparator operand | BETWEEN operand AND operand | IN ( operand, … ) ]
 *   atom    := ( or ) | name ( operand, … ) | path | :value
 *
 * A parenthesised atom may hold a bare operand (`(a) = :v`); anything else bare is a syntax error.
 * Placeholders stay as written: the tree depends on the text alone (condition-checks.ts resolves them).
 */
export function parseConditionSyntax(kind: ExpressionKind, text: string): ConditionSyntax {
  const parser = new ConditionParser(new TokenStream(kind, text));
  const root = parser.or(false);
  parser.stream.expectEnd();
  return { root, operators: parser.operators, redundantParens: parser.redundantParens };
}

class ConditionParser {
  readonly stream: TokenStream;
  operators = 0;
  redundantParens = false;
  #depth = 0;
  /** Names of the function calls being parsed, outermost first. */
  readonly #calls: string[] = [];

  constructor(stream: TokenStream) {
    this.stream = stream;
  }

  or(allowBare: boolean): RawNode {
    let left = this.and(allowBare);
    while (this.stream.isKeyword('OR')) {
      this.#rejectBare(left);
      this.stream.next();
      this.operators++;
      left = { kind: 'or', left, right: this.and(false), parens: 0 };
    }
    return left;
  }

  and(allowBare: boolean): RawNode {
    let left = this.not(allowBare);
    while (this.stream.isKeyword('AND')) {
      this.#rejectBare(left);
      this.stream.next();
      this.operators++;
      left = { kind: 'and', left, right: this.not(false), parens: 0 };
    }
    return left;
  }

  not(allowBare: boolean): RawNode {
    if (!this.stream.isKeyword('NOT')) return this.primary(allowBare);
    this.stream.next();
    this.operators++;
    return { kind: 'not', operand: this.not(false), parens: 0 };
  }

  primary(allowBare: boolean): RawNode {
    const atom = this.atom();
    if (!isRawOperand(atom)) return atom;
    const token = this.stream.peek();
    if (token.type === 'punct' && COMPARATORS.has(token.text)) {
      this.stream.next();
      this.operators++;
      return { kind: 'compare', op: token.text as Comparator, left: atom, right: this.operand(), parens: 0 };
    }
    if (this.stream.isKeyword('BETWEEN')) {
      this.stream.next();
      this.operators++;
      const lower = this.operand();
      this.stream.expectKeyword('AND');
      return { kind: 'between', operand: atom, lower, upper: this.operand(), parens: 0 };
    }
    if (this.stream.isKeyword('IN')) {
      this.stream.next();
      this.operators++;
      const candidates = this.#arguments();
      if (candidates.length > MAX_IN_OPERANDS) {
        throw invalidExpression(
          this.stream.kind,
          `The IN operator is provided with too many operands; number of operands: ${candidates.length}`,
        );
      }
      return { kind: 'in', operand: atom, candidates, parens: 0 };
    }
    // A function call alone is a condition (attribute_exists(a)); a bare path or value is not.
    if (atom.kind !== 'call' && !allowBare) throw this.stream.syntaxError();
    return atom;
  }

  atom(): RawNode {
    if (this.stream.isPunct('(')) {
      this.stream.next();
      const inner = this.#nested(() => this.or(true));
      this.stream.expectPunct(')');
      return this.#wrap(inner);
    }
    return this.#plainOperand();
  }

  /** An operand where only an operand may stand (right of a comparator, function arguments). */
  operand(): RawOperand {
    if (this.stream.isPunct('(')) {
      this.stream.next();
      const inner = this.#nested(() => this.operand());
      this.stream.expectPunct(')');
      return this.#wrap(inner);
    }
    return this.#plainOperand();
  }

  #plainOperand(): RawOperand {
    const token = this.stream.peek();
    if (token.type === 'valueRef') {
      this.stream.next();
      return { kind: 'value', ref: token.text, parens: 0 };
    }
    if (token.type === 'name' && !CONDITION_KEYWORDS.has(token.text.toUpperCase()) && this.stream.isPunct('(', 1)) {
      this.stream.next();
      this.operators++;
      this.#calls.push(token.text);
      try {
        return { kind: 'call', name: token.text, token, args: this.#arguments(), parens: 0 };
      } finally {
        this.#calls.pop();
      }
    }
    if (startsPath(this.stream, CONDITION_KEYWORDS)) {
      return { kind: 'path', parsed: parsePath(this.stream, CONDITION_KEYWORDS), parens: 0 };
    }
    throw this.stream.syntaxError();
  }

  #arguments(): RawOperand[] {
    this.stream.expectPunct('(');
    const args = this.#nested(() => {
      const list = [this.operand()];
      while (this.stream.isPunct(',')) {
        this.stream.next();
        list.push(this.operand());
      }
      return list;
    });
    this.stream.expectPunct(')');
    return args;
  }

  /** Parses one level deeper; past MAX_NESTING levels the expression is refused. */
  #nested<T>(parse: () => T): T {
    if (++this.#depth > MAX_NESTING) {
      // `a < f(f(f(…)))` nested 1,355 deep is refused by DynamoDB for its outermost unknown function
      // ("Invalid function name; function: f", recorded in ScyllaDB's test_limits.py).
      const unknown = this.#calls.find((name) => !CONDITION_FUNCTIONS.has(name) && !UPDATE_FUNCTIONS.has(name));
      if (unknown !== undefined) throw invalidExpression(this.stream.kind, `Invalid function name; function: ${unknown}`);
      // Eddy's wording: DynamoDB's answer at this depth (redundant parentheses, too many operators) is only known after the whole parse.
      throw invalidExpression(this.stream.kind, `The expression nests parentheses and functions too deeply; nesting levels: more than ${MAX_NESTING}`);
    }
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  #wrap<T extends RawNode>(node: T): T {
    if (node.parens > 0) this.redundantParens = true;
    node.parens++;
    return node;
  }

  #rejectBare(node: RawNode): void {
    if (node.kind === 'path' || node.kind === 'value') throw this.stream.syntaxError();
  }
}
