/**
 * DynamoDB's expression lexer. Bare names are `[A-Za-z][A-Za-z0-9_]*` (so `_a` and `1a` are not
 * names), placeholders are `#` / `:` followed by `[A-Za-z0-9_]+`, list indexes are digits. Any other
 * character becomes a one-character token that the parsers reject with a syntax error naming it.
 */
export type TokenType = 'name' | 'nameRef' | 'valueRef' | 'number' | 'punct' | 'other' | 'eof';

export interface Token {
  type: TokenType;
  text: string;
  /** Offsets into the expression text: [start, end). */
  start: number;
  end: number;
}

const PUNCTUATION = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-'];
const WHITESPACE = /[ \t\r\n]/;
const NAME_START = /[A-Za-z]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Splits an expression into tokens; the last token is always `eof`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.test(c)) {
      i++;
      continue;
    }
    const start = i;
    let type: TokenType;
    if (NAME_START.test(c)) {
      i = scan(text, i + 1, NAME_PART);
      type = 'name';
    } else if (DIGIT.test(c)) {
      i = scan(text, i + 1, DIGIT);
      type = 'number';
    } else if ((c === '#' || c === ':') && NAME_PART.test(text[i + 1] ?? '')) {
      i = scan(text, i + 1, NAME_PART);
      type = c === '#' ? 'nameRef' : 'valueRef';
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
      if (punct !== undefined) {
        i += punct.length;
        type = 'punct';
      } else {
        i += String.fromCodePoint(text.codePointAt(i)!).length;
        type = 'other';
      }
    }
    tokens.push({ type, text: text.slice(start, i), start, end: i });
  }
  tokens.push({ type: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

function scan(text: string, from: number, part: RegExp): number {
  let i = from;
  while (i < text.length && part.test(text[i]!)) i++;
  return i;
}
