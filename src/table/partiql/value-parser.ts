import { ServiceError } from '../../shared/service-error.js';
import { tableErrors } from '../errors.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { normalizeValue, setOwn } from '../values/normalize-value.js';
import { normalizeNumber } from '../values/number.js';
import { partiqlErrors } from './partiql-errors.js';
import type { TokenCursor } from './token-cursor.js';

/**
 * PartiQL literals as DynamoDB stores them: 'text' → S, numbers → N, TRUE / FALSE → BOOL, NULL →
 * NULL, `{'k': v, …}` → M, `[v, …]` → L, `<<v, …>>` → SS / NS / BS by the elements' type, and a `?`
 * → its parameter. Values come out under DynamoDB's data rules (numbers canonical).
 */

/** Whether the next token starts a literal value. */
export function startsValue(cursor: TokenCursor): boolean {
  const token = cursor.peek();
  if (token.type === 'string' || token.type === 'number' || token.type === 'param') return true;
  if (token.type === 'punct') {
    return ['{', '[', '<<'].includes(token.text) || (token.text === '-' && cursor.peek(1).type === 'number');
  }
  return cursor.isKeyword('TRUE') || cursor.isKeyword('FALSE') || cursor.isKeyword('NULL');
}

/** Parses one literal value. */
export function parseValue(cursor: TokenCursor): AttributeValue {
  return normalizeValue(rawValue(cursor, 'root'));
}

/**
 * Parses an INSERT's item: a tuple whose attributes' values are each a root of their own (as DynamoDB
 * names them in number errors: `{'pk': 1e126}` is "under root", `{'m': {'x': 1e126}}` "under root.x").
 */
export function parseItemValue(cursor: TokenCursor): AttributeValue {
  if (!cursor.acceptPunct('{')) return parseValue(cursor);
  return normalizeValue({ M: cursor.nested(() => tuple(cursor, () => 'root')) });
}

function rawValue(cursor: TokenCursor, at: string): AttributeValue {
  const token = cursor.next();
  switch (token.type) {
    case 'string':
      return { S: token.text };
    case 'number':
      return { N: literalNumber(token.text, at) };
    case 'param':
      return cursor.parameter();
    case 'word': {
      const word = token.text.toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { BOOL: word === 'TRUE' };
      if (word === 'NULL') return { NULL: true };
      break;
    }
    case 'punct':
      if (token.text === '-' && cursor.peek().type === 'number') return { N: literalNumber(`-${cursor.next().text}`, at) };
      if (token.text === '{') return { M: cursor.nested(() => tuple(cursor, (name) => `${at}.${name}`)) };
      if (token.text === '[') return { L: cursor.nested(() => elements(cursor, ']', (i) => `${at}[${i}]`)) };
      if (token.text === '<<') return set(cursor.nested(() => elements(cursor, '>>', () => at)));
      break;
  }
  throw partiqlErrors.malformed(`Expected a value, found '${token.text}' at position ${token.at + 1}`);
}

/** `{'name': value, …}` after its `{`. Names are string literals (or string parameters); `at` names where each value sits. */
function tuple(cursor: TokenCursor, at: (name: string) => string): AttributeMap {
  const map: AttributeMap = {};
  if (cursor.acceptPunct('}')) return map;
  do {
    const name = rawValue(cursor, 'root');
    if (!('S' in name)) throw partiqlErrors.invalidValue('a tuple attribute name must be a string');
    cursor.expectPunct(':');
    setOwn(map, name.S, rawValue(cursor, at(name.S)));
  } while (cursor.acceptPunct(','));
  cursor.expectPunct('}');
  return map;
}

function elements(cursor: TokenCursor, close: string, at: (index: number) => string): AttributeValue[] {
  const list: AttributeValue[] = [];
  if (cursor.acceptPunct(close)) return list;
  do list.push(rawValue(cursor, at(list.length)));
  while (cursor.acceptPunct(','));
  cursor.expectPunct(close);
  return list;
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/**
 * A number literal as DynamoDB reads it (recorded from AWS, paritysuite/dynamodb-conformance
 * partiqlGrammar): an exponent, or a scale (digits after the point less the exponent), beyond a 32-bit
 * integer cannot be converted at all — the bare "wasn't well formed" prefix; a number outside
 * DynamoDB's range or precision gets the ordinary number message with where it sits appended
 * ("… under root", "… under root.x", "… under root[1]").
 */
function literalNumber(text: string, at: string): string {
  const [, fraction = '', exponent = '0'] = /^-?[0-9]*(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text) ?? [];
  const scale = BigInt(fraction.length) - BigInt(exponent);
  const outside = (n: bigint) => n < INT32_MIN || n > INT32_MAX;
  if (outside(BigInt(exponent)) || outside(scale)) throw partiqlErrors.malformed('');
  try {
    normalizeNumber(text);
  } catch (error) {
    if (error instanceof ServiceError) throw tableErrors.validation(`${error.message} under ${at}`);
    throw error;
  }
  return text;
}

/** A bag of strings, numbers or binaries (from parameters) is a set of that type; anything else is refused. */
function set(members: AttributeValue[]): AttributeValue {
  if (members.length === 0) throw partiqlErrors.emptyBag();
  if (members.every((m) => 'S' in m)) return { SS: members.map((m) => (m as { S: string }).S) };
  if (members.every((m) => 'N' in m)) return { NS: members.map((m) => (m as { N: string }).N) };
  if (members.every((m) => 'B' in m)) return { BS: members.map((m) => (m as { B: string }).B) };
  throw partiqlErrors.mixedBag();
}
