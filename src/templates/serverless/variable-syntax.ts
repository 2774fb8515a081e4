// The `${source:address, fallback}` syntax of serverless.yml variables (SEMANTICS.md H.3 "Variables"; the grammar
// of serverless/serverless lib/configuration/variables/parse.js): where each variable of a string starts and ends,
// its sources in order, and the variables nested in their addresses and parameters (resolved inside-out).

/** A piece of text that may hold variables (an address, a parameter). */
export interface VariableText {
  text: string;
  variables: Variable[];
}

/** One source of a variable: `self:custom.x`, `file(./a.yml):key`, or a literal fallback (`'dev'`, `10`, `true`). */
export type VariableSource =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'typed'; type: string; params: VariableText[]; address?: VariableText };

export interface Variable {
  /** Offsets of `${` and one past `}` in the text. */
  start: number;
  end: number;
  /** The first source, then its fallbacks. */
  sources: VariableSource[];
}

/** A variable must open with a source type: `${self:…}`, `${file(…)…}` (parse.js: lower-case first letter). */
const TYPE_START = /^[a-z][a-zA-Z0-9]*[:(]/;
const TYPE = /^[a-z][a-zA-Z0-9]*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Thrown for text the grammar refuses; the caller names the property and the line. */
export class VariableSyntaxError extends Error {}

/**
 * The variables of `text`. `${…}` that does not open with a source type (`${AWS::Region}` or `${Table.Arn}` of
 * a CloudFormation `Fn::Sub`) is not a variable and stays as written.
 */
export function parseVariables(text: string): Variable[] {
  const variables: Variable[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char !== '$' || text[i + 1] !== '{' || !TYPE_START.test(text.slice(i + 2))) continue;
    const end = closingBrace(text, i + 2);
    variables.push({ start: i, end: end + 1, sources: splitTopLevel(text, i + 2, end, ',').map((part) => parseSource(part.trim(), text)) });
    i = end;
  }
  return variables;
}

/** True when `text` holds at least one variable. */
export function hasVariables(text: string): boolean {
  return parseVariables(text).length > 0;
}

/** The offset of the `}` closing a variable whose body starts at `from`, past nested `${…}`, quotes and parentheses. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'") {
      i = closingQuote(text, i);
    } else if (char === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (char === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new VariableSyntaxError(`Missing variable closing bracket in ${text}`);
}

function closingQuote(text: string, at: number): number {
  const quote = text[at];
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  throw new VariableSyntaxError(`Invalid string literal at index ${at} in "${text}": unterminated string`);
}

/** Pieces of text[from, to) split at `separator` outside nested `${…}`, quotes and parentheses. */
function splitTopLevel(text: string, from: number, to: number, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const char = text[i];
    if (char === '"' || char === "'") i = closingQuote(text, i);
    else if ((char === '$' && text[i + 1] === '{') || char === '(') {
      depth++;
      if (char === '$') i++;
    } else if (char === '}' || char === ')') depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start, to));
  return parts;
}

function parseSource(part: string, whole: string): VariableSource {
  if (isQuoted(part)) {
    if (closingQuote(part, 0) !== part.length - 1) throw new VariableSyntaxError(`Invalid variable source "${part}" in "${whole}"`);
    return { kind: 'literal', value: unquote(part) };
  }
  const open = part.search(/[:(]/);
  if (open === -1) {
    // parse.js parseLiteralSource: true, false, null and numbers only.
    if (part === 'true' || part === 'false') return { kind: 'literal', value: part === 'true' };
    if (part === 'null') return { kind: 'literal', value: null };
    if (NUMBER.test(part)) return { kind: 'literal', value: Number(part) };
    throw new VariableSyntaxError(`Invalid literal source "${part}" in "${whole}"`);
  }
  const type = part.slice(0, open);
  if (!TYPE.test(type)) throw new VariableSyntaxError(`Invalid variable source "${part}" in "${whole}"`);
  let rest = part.slice(open);
  const params: VariableText[] = [];
  if (rest.startsWith('(')) {
    const close = closingParen(rest);
    for (const param of splitTopLevel(rest, 1, close, ',')) {
      const trimmed = param.trim();
      // A quoted parameter is a literal: no variables inside (parse.js reads it as a string).
      if (trimmed !== '') params.push(isQuoted(trimmed) ? { text: unquote(trimmed), variables: [] } : variableText(trimmed));
    }
    rest = rest.slice(close + 1).trim();
    if (rest !== '' && !rest.startsWith(':')) throw new VariableSyntaxError(`Invalid variable address "${rest}" in "${whole}"`);
  }
  if (!rest.startsWith(':')) return { kind: 'typed', type, params };
  const address = rest.slice(1).trim();
  if (address === '') return { kind: 'typed', type, params };
  return { kind: 'typed', type, params, address: isQuoted(address) ? { text: unquote(address), variables: [] } : variableText(address) };
}

function closingParen(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'") i = closingQuote(text, i);
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  throw new VariableSyntaxError(`Invalid variable param in "${text}": missing )`);
}

const isQuoted = (text: string) => text.startsWith('"') || text.startsWith("'");

function variableText(text: string): VariableText {
  return { text, variables: parseVariables(text) };
}

/** A quoted literal: single quotes as written (parse.js), double quotes as JSON. */
function unquote(literal: string): string {
  if (literal.startsWith("'")) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch (error) {
    throw new VariableSyntaxError(`Invalid string literal ${literal}: ${(error as Error).message}`);
  }
}
