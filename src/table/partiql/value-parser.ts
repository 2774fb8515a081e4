import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { normalizeValue, setOwn } from '../values/normalize-value.js';
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
  return normalizeValue(rawValue(cursor));
}

function rawValue(cursor: TokenCursor): AttributeValue {
  const token = cursor.next();
  switch (token.type) {
    case 'string':
      return { S: token.text };
    case 'number':
      return { N: token.text };
    case 'param':
      return cursor.parameter();
    case 'word': {
      const word = token.text.toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { BOOL: word === 'TRUE' };
      if (word === 'NULL') return { NULL: true };
      break;
    }
    case 'punct':
      if (token.text === '-' && cursor.peek().type === 'number') return { N: `-${cursor.next().text}` };
      if (token.text === '{') return { M: cursor.nested(() => tuple(cursor)) };
      if (token.text === '[') return { L: cursor.nested(() => elements(cursor, ']')) };
      if (token.text === '<<') return set(cursor.nested(() => elements(cursor, '>>')));
      break;
  }
  throw partiqlErrors.malformed(`Expected a value, found '${token.text}' at position ${token.at + 1}`);
}

/** `{'name': value, …}` after its `{`. Names are string literals (or string parameters). */
function tuple(cursor: TokenCursor): AttributeMap {
  const map: AttributeMap = {};
  if (cursor.acceptPunct('}')) return map;
  do {
    const name = rawValue(cursor);
    if (!('S' in name)) throw partiqlErrors.invalidValue('a tuple attribute name must be a string');
    cursor.expectPunct(':');
    setOwn(map, name.S, rawValue(cursor));
  } while (cursor.acceptPunct(','));
  cursor.expectPunct('}');
  return map;
}

function elements(cursor: TokenCursor, close: string): AttributeValue[] {
  const list: AttributeValue[] = [];
  if (cursor.acceptPunct(close)) return list;
  do list.push(rawValue(cursor));
  while (cursor.acceptPunct(','));
  cursor.expectPunct(close);
  return list;
}

/** A bag of strings, numbers or binaries (from parameters) is a set of that type; anything else is refused. */
function set(members: AttributeValue[]): AttributeValue {
  if (members.length === 0) throw partiqlErrors.emptyBag();
  if (members.every((m) => 'S' in m)) return { SS: members.map((m) => (m as { S: string }).S) };
  if (members.every((m) => 'N' in m)) return { NS: members.map((m) => (m as { N: string }).N) };
  if (members.every((m) => 'B' in m)) return { BS: members.map((m) => (m as { B: string }).B) };
  throw partiqlErrors.mixedBag();
}
