import { compileCidr, InvalidEventPatternError, RESERVED_IN_OR } from '../../patterns/index.js';
import type { JsonToken, JsonTokenReader } from './json-token-reader.js';

// SNS filter policies are compiled by AWS's event-ruler (the messages are its `JsonRuleCompiler` texts, with
// Jackson's location appended); this walks the tokens in the order that compiler does, so the first error
// and its column are AWS's. The texts are those observed in SEMANTICS §E.5 [O] unless marked otherwise.
// SNS's engine is older than EventBridge's: inside anything-but only `prefix` is known (suffix and exists are
// refused [O]), and there is no wildcard, `exactly` or prefix/suffix equals-ignore-case (unconfirmed).

const ONE_KEY = 'Only one key allowed in match expression';
// event-ruler reuses this text for an extra key after numeric and anything-but (as src/patterns does).
const TOO_MANY = 'Too many elements in numeric expression';

function expectEnd(reader: JsonTokenReader, message: string): void {
  if (reader.next() !== 'END_OBJECT') reader.fail(message);
}

function stringOperand(reader: JsonTokenReader, name: string, value: JsonToken | undefined): void {
  if (value !== 'STRING') reader.fail(`${name} match pattern must be a string`);
  reader.text();
}

function numeric(reader: JsonTokenReader, value: JsonToken | undefined): void {
  if (value !== 'START_ARRAY') reader.fail('Value of numeric must be an array.');
  if (reader.next() !== 'STRING') reader.fail(`Invalid member in numeric match: ${reader.text()}`);
  const operator = reader.text();
  let token = reader.next();
  switch (operator) {
    case '=':
    case '<':
    case '<=':
      if (token !== 'NUMBER') reader.fail(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
      if (reader.next() !== 'END_ARRAY') reader.fail(TOO_MANY);
      return;
    case '>':
    case '>=': {
      if (token !== 'NUMBER') reader.fail(`Value of ${operator} must be numeric`);
      const bottom = Number(reader.text());
      token = reader.next();
      if (token === 'END_ARRAY') return;
      if (token !== 'STRING') reader.fail(`Bad value in numeric range: ${reader.text()}`);
      const upper = reader.text();
      if (upper !== '<' && upper !== '<=') reader.fail(`Bad numeric range operator: ${upper}`);
      if (reader.next() !== 'NUMBER') reader.fail(`Value of ${upper} must be numeric`);
      const top = Number(reader.text());
      if (reader.next() !== 'END_ARRAY') reader.fail('Too many terms in numeric range expression');
      if (top <= bottom) reader.fail('Bottom must be less than top');
      return;
    }
    default:
      reader.fail(`Unrecognized numeric range operator: ${operator}`);
  }
}

function anythingBut(reader: JsonTokenReader, value: JsonToken | undefined): void {
  if (value === 'START_OBJECT') {
    if (reader.next() !== 'FIELD_NAME') reader.fail('Anything-But expression name not found');
    const modifier = reader.name();
    if (modifier !== 'prefix') reader.fail(`Unsupported anything-but pattern: ${modifier}`);
    if (reader.next() !== 'STRING') reader.fail('prefix match pattern must be a string');
    // Unconfirmed text: event-ruler's before it learnt anything-but suffix ("Null prefix/suffix" since).
    if (reader.text() === '') reader.fail('Null prefix not allowed');
    expectEnd(reader, TOO_MANY);
  } else if (value === 'START_ARRAY') {
    let strings = false;
    let numbers = false;
    for (let token = reader.next(); token !== 'END_ARRAY'; token = reader.next()) {
      if (token === 'STRING') strings = true;
      else if (token === 'NUMBER') numbers = true;
      else reader.fail('Inside anything but list, start|null|boolean is not supported.');
    }
    if (strings === numbers) {
      reader.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
  } else if (value !== 'STRING' && value !== 'NUMBER') {
    reader.fail('Value of anything-but must be an array or single string/number value.');
  }
  expectEnd(reader, TOO_MANY);
}

function cidr(reader: JsonTokenReader, value: JsonToken | undefined): void {
  // Observed on EventBridge (same engine): a non-string cidr is reported with the prefix message.
  if (value !== 'STRING') reader.fail('prefix match pattern must be a string');
  try {
    compileCidr(reader.text());
  } catch (error) {
    if (error instanceof InvalidEventPatternError) reader.fail(error.reason);
    throw error;
  }
}

/** One `{operator: …}` element of a rule array; the reader is just past its `{`. */
function matchExpression(reader: JsonTokenReader): void {
  if (reader.next() !== 'FIELD_NAME') reader.fail('Match expression name not found');
  const name = reader.name();
  const value = reader.next();
  switch (name) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      stringOperand(reader, name, value);
      break;
    case 'exists':
      if (value !== 'TRUE' && value !== 'FALSE') reader.fail('exists match pattern must be either true or false.');
      break;
    case 'cidr':
      cidr(reader, value);
      break;
    case 'numeric':
      numeric(reader, value);
      expectEnd(reader, TOO_MANY);
      return;
    case 'anything-but':
      anythingBut(reader, value);
      return;
    default:
      reader.fail(`Unrecognized match type ${name}`);
  }
  expectEnd(reader, ONE_KEY);
}

/** A rule array (its conditions are ORed); the reader is just past its `[`. */
function rules(reader: JsonTokenReader): void {
  let count = 0;
  for (let token = reader.next(); token !== 'END_ARRAY'; token = reader.next()) {
    count++;
    if (token === 'START_OBJECT') matchExpression(reader);
    else if (token === 'START_ARRAY') reader.fail('Match value must be String, number, true, false, or null');
  }
  if (count === 0) reader.fail('Empty arrays are not allowed');
}

function or(reader: JsonTokenReader): void {
  if (reader.next() !== 'START_ARRAY') reader.fail('It must be an Array followed with $or.');
  let branches = 0;
  for (let token = reader.next(); token !== 'END_ARRAY'; token = reader.next()) {
    branches++;
    if (token !== 'START_OBJECT') reader.fail('Only JSON object is allowed in array of $or relationship.');
    object(reader, true, false);
  }
  if (branches < 2) reader.fail('There must have at least 2 Objects in $or relationship.');
}

function object(reader: JsonTokenReader, insideOr: boolean, root: boolean): void {
  let fields = 0;
  for (let token = reader.next(); token !== 'END_OBJECT'; token = reader.next()) {
    fields++;
    const name = reader.name();
    if (name === '$or') {
      or(reader);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) reader.fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
    const value = reader.next();
    if (value === 'START_OBJECT') object(reader, insideOr, false);
    else if (value === 'START_ARRAY') rules(reader);
    else reader.fail(`"${name}" must be an object or an array`);
  }
  // `{}` as a whole policy is taken as "no filter" (unconfirmed); event-ruler refuses empty objects below it.
  if (fields === 0 && !root) reader.fail('Empty objects are not allowed');
}

/** Checks the grammar of a policy already known to be well-formed JSON. */
export function checkPolicyGrammar(reader: JsonTokenReader): void {
  if (reader.next() !== 'START_OBJECT') reader.fail('Filter is not an object');
  object(reader, false, true);
}

/** Reads the whole text once, so JSON syntax errors (`failed to parse JSON. …`) come before grammar ones. */
export function checkJsonSyntax(reader: JsonTokenReader): void {
  if (reader.next() === undefined) reader.fail('failed to parse JSON. No content to map due to end-of-input');
  for (let token = reader.next(); token !== undefined; token = reader.next()) {
    if (token === 'STRING') reader.text();
  }
}
