import { partiqlErrors } from './partiql-errors.js';

/**
 * A token of a PartiQL statement: a bare word (keyword or identifier, told apart by the parser), a
 * double-quoted identifier, a single-quoted string, a number, a `?` parameter, or punctuation.
 */
export type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'quoted'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: 'number'; text: string; at: number }
  | { type: 'param'; text: '?'; at: number }
  | { type: 'punct'; text: string; at: number }
  | { type: 'end'; text: ''; at: number };

/** Punctuation, longest first so `<=` is not read as `<` then `=`. */
const PUNCTUATION = ['<<', '>>', '<>', '!=', '<=', '>=', '(', ')', '[', ']', '{', '}', ',', '.', ':', ';', '=', '<', '>', '+', '-', '*'];

const WORD_START = /[A-Za-z_$]/;
const WORD_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

/**
 * Splits a statement into tokens. Quotes are doubled to escape them ('it''s', "a""b"); `--` starts a
 * comment to the end of the line, `/* … *\/` a comment to its close. Anything else — a character
 * PartiQL has no token for (`#` among them), an unterminated comment or quote — is a malformed
 * statement with no detail after the prefix: recorded from AWS for `#` and an unterminated block
 * comment (paritysuite/dynamodb-conformance partiqlGrammar) and for an unterminated quoted name
 * (nubo-db/dynamodb-conformance); other characters are assumed to answer alike.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) throw partiqlErrors.malformed('');
      i = close + 2;
    } else if (c === "'" || c === '"') {
      const [value, next] = quoted(text, i);
      tokens.push({ type: c === "'" ? 'string' : 'quoted', text: value, at: i });
      i = next;
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[i + 1] ?? ''))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ type: 'number', text: match[0], at: i });
      i += match[0].length;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < text.length && WORD_PART.test(text[end]!)) end++;
      tokens.push({ type: 'word', text: text.slice(i, end), at: i });
      i = end;
    } else if (c === '?') {
      tokens.push({ type: 'param', text: '?', at: i });
      i++;
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
      if (punct === undefined) throw partiqlErrors.malformed('');
      tokens.push({ type: 'punct', text: punct, at: i });
      i += punct.length;
    }
  }
  tokens.push({ type: 'end', text: '', at: text.length });
  return tokens;
}

/** The text between the quote at `start` and its closing quote, doubled quotes undone; and where it ends. */
function quoted(text: string, start: number): [string, number] {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close === -1) throw partiqlErrors.malformed('');
    value += text.slice(i, close);
    if (text[close + 1] !== quote) return [value, close + 1];
    value += quote;
    i = close + 2;
  }
}
