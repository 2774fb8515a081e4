import type { Path, PathElement } from '../expressions/index.js';
import { isTypeName } from './is-types.js';
import { partiqlErrors } from './partiql-errors.js';
import type { Comparison, Expr } from './statement.js';
import type { TokenCursor } from './token-cursor.js';
import type { Token } from './tokenizer.js';
import { parseValue, startsValue } from './value-parser.js';

const COMPARISONS: Readonly<Record<string, Comparison>> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Words that end or join expressions, so never start an attribute path when bare. */
const KEYWORDS: ReadonlySet<string> = new Set([
  'AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'IS', 'LIKE', 'WHERE', 'SET', 'REMOVE', 'RETURNING', 'ORDER', 'BY', 'FROM', 'MISSING', 'SELECT',
]);

/** Keywords that are operators: where a term should start, DynamoDB calls them an "Unexpected operator". */
const OPERATOR_WORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'BETWEEN', 'IN', 'IS', 'LIKE']);

/** Whether the statement ends here (a `;` may close it). */
const atEnd = (cursor: TokenCursor): boolean => cursor.peek().type === 'end' || cursor.isPunct(';');

/** The right-hand side of an infix operator just read; none is DynamoDB's "Missing right-hand side …". */
function rightOf(cursor: TokenCursor, parse: (cursor: TokenCursor) => Expr): Expr {
  if (atEnd(cursor)) throw partiqlErrors.missingRightHandSide();
  return parse(cursor);
}

/**
 * Recursive-descent parser of PartiQL expressions, precedence from loosest: OR, AND, NOT, then a
 * predicate (comparison, [NOT] BETWEEN, [NOT] IN, IS [NOT] MISSING|NULL|<type>), then + and -:
 *
 *   or        := and ( OR and )*
 *   and       := not ( AND not )*
 *   not       := NOT not | predicate
 *   predicate := additive [ cmp additive | [NOT] BETWEEN additive AND additive | [NOT] IN list | IS [NOT] MISSING|NULL|<type> ]
 *   additive  := primary ( (+|-) primary )*
 *   primary   := ( or ) | value | name ( or, … ) | path
 */
export function parseExpression(cursor: TokenCursor): Expr {
  return or(cursor);
}

function or(cursor: TokenCursor): Expr {
  let left = and(cursor);
  while (cursor.acceptKeyword('OR')) left = { kind: 'or', left, right: rightOf(cursor, and) };
  return left;
}

function and(cursor: TokenCursor): Expr {
  let left = not(cursor);
  while (cursor.acceptKeyword('AND')) left = { kind: 'and', left, right: rightOf(cursor, not) };
  return left;
}

function not(cursor: TokenCursor): Expr {
  if (cursor.acceptKeyword('NOT')) return { kind: 'not', operand: cursor.nested(() => not(cursor)) };
  return predicate(cursor);
}

function predicate(cursor: TokenCursor): Expr {
  const left = additive(cursor);
  const token = cursor.peek();
  if (token.type === 'punct' && Object.hasOwn(COMPARISONS, token.text)) {
    cursor.next();
    return { kind: 'compare', op: COMPARISONS[token.text]!, left, right: rightOf(cursor, additive) };
  }
  const negated = cursor.isKeyword('NOT') && (cursor.isKeyword('BETWEEN', 1) || cursor.isKeyword('IN', 1));
  if (negated) cursor.next();
  let result: Expr | undefined;
  if (cursor.acceptKeyword('BETWEEN')) {
    const lower = additive(cursor);
    cursor.expectKeyword('AND');
    result = { kind: 'between', operand: left, lower, upper: additive(cursor) };
  } else if (cursor.acceptKeyword('IN')) {
    result = { kind: 'in', operand: left, candidates: candidates(cursor) };
  } else if (cursor.acceptKeyword('IS')) {
    const isNot = cursor.acceptKeyword('NOT');
    if (cursor.acceptKeyword('MISSING')) return { kind: 'is', operand: left, test: 'MISSING', negated: isNot };
    if (cursor.acceptKeyword('NULL')) return { kind: 'is', operand: left, test: 'NULL', negated: isNot };
    const type = cursor.peek();
    const name = type.text.toUpperCase();
    if (type.type === 'word' && isTypeName(name)) {
      cursor.next();
      return { kind: 'is', operand: left, test: name, negated: isNot };
    }
    // DynamoDB's detail (recorded for `x IS FOO`).
    throw partiqlErrors.malformed('Expected type name');
  }
  if (result === undefined) return left;
  return negated ? { kind: 'not', operand: result } : result;
}

/** The candidates of IN: `[a, b]`, `(a, b)`, or one parameter holding a list. */
function candidates(cursor: TokenCursor): Expr[] {
  if (cursor.peek().type === 'param') {
    const value = parseValue(cursor);
    if (!('L' in value)) throw partiqlErrors.invalidValue('the parameter of IN must be a list');
    return value.L.map((v) => ({ kind: 'value', value: v }));
  }
  const close = cursor.acceptPunct('[') ? ']' : (cursor.expectPunct('('), ')');
  const list: Expr[] = [];
  do list.push(additive(cursor));
  while (cursor.acceptPunct(','));
  cursor.expectPunct(close);
  return list;
}

function additive(cursor: TokenCursor): Expr {
  let left = primary(cursor);
  for (;;) {
    if (cursor.acceptPunct('+')) left = { kind: 'arithmetic', op: '+', left, right: rightOf(cursor, primary) };
    else if (cursor.acceptPunct('-')) left = { kind: 'arithmetic', op: '-', left, right: rightOf(cursor, primary) };
    else return left;
  }
}

function primary(cursor: TokenCursor): Expr {
  if (cursor.acceptPunct('(')) {
    const inner = cursor.nested(() => or(cursor));
    cursor.expectPunct(')');
    return inner;
  }
  if (startsValue(cursor)) return { kind: 'value', value: parseValue(cursor) };
  const token = cursor.peek();
  if (token.type === 'word' && cursor.isPunct('(', 1) && !KEYWORDS.has(token.text.toUpperCase())) {
    cursor.next();
    cursor.next();
    const args: Expr[] = [];
    const argsAt: string[] = [];
    if (!cursor.acceptPunct(')')) {
      cursor.nested(() => {
        do {
          argsAt.push(cursor.positionOf(cursor.peek()));
          args.push(or(cursor));
        } while (cursor.acceptPunct(','));
      });
      cursor.expectPunct(')');
    }
    return { kind: 'call', name: token.text.toLowerCase(), args, at: cursor.positionOf(token), argsAt };
  }
  if (!isIdentifier(token)) throw notATerm(cursor);
  return { kind: 'path', path: parsePath(cursor) };
}

/**
 * DynamoDB's detail for a token where a term should start (recorded from AWS: nothing left, `;` or
 * `(` then nothing is "Unexpected term"; ORDER "Unexpected keyword"; IS and LIKE "Unexpected
 * operator"). Other keywords and operators are taken alike; anything else keeps Eddy's detail.
 */
function notATerm(cursor: TokenCursor) {
  const token = cursor.peek();
  if (atEnd(cursor)) return partiqlErrors.malformed('Unexpected term');
  const word = token.type === 'word' ? token.text.toUpperCase() : undefined;
  const operator = word !== undefined ? OPERATOR_WORDS.has(word) : token.type === 'punct' && Object.hasOwn(COMPARISONS, token.text);
  if (operator) return partiqlErrors.malformed('Unexpected operator');
  if (word !== undefined && KEYWORDS.has(word)) return partiqlErrors.malformed('Unexpected keyword');
  return cursor.unexpected('Expected an identifier');
}

/** A document path: `name`, `"quoted name"`, then `.name`, `[index]` or `['key']` steps. */
export function parsePath(cursor: TokenCursor): Path {
  const path: PathElement[] = [identifier(cursor)];
  for (;;) {
    if (cursor.acceptPunct('.')) {
      path.push(identifier(cursor));
    } else if (cursor.acceptPunct('[')) {
      const token = cursor.next();
      if (token.type === 'number' && /^[0-9]+$/.test(token.text)) path.push(Number(token.text));
      else if (token.type === 'string') path.push(token.text);
      else throw partiqlErrors.malformed(`Expected a list index or a quoted key, found '${token.text}' at position ${token.at + 1}`);
      cursor.expectPunct(']');
    } else {
      return path;
    }
  }
}

/** Whether `token` names an attribute or a table: a bare word that is not a keyword, or a double-quoted identifier. */
export function isIdentifier(token: Token): boolean {
  return token.type === 'quoted' || (token.type === 'word' && !KEYWORDS.has(token.text.toUpperCase()));
}

/** An attribute or table name (see isIdentifier). */
export function identifier(cursor: TokenCursor): string {
  const token = cursor.peek();
  if (isIdentifier(token)) {
    cursor.next();
    return token.text;
  }
  throw cursor.unexpected('Expected an identifier');
}
