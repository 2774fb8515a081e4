import type { AttributeValue } from '../values/attribute-value.js';
import { tableErrors } from '../errors.js';
import { checkAttributeName } from '../values/attribute-name.js';

const NAME_KEY = /^#[0-9A-Za-z_]+$/;
const VALUE_KEY = /^:[0-9A-Za-z_]+$/;

/**
 * The ExpressionAttributeNames / ExpressionAttributeValues of one request, shared by all of its
 * expressions. Parsers resolve `#name` / `:value` placeholders through it, which marks them used;
 * once every expression is parsed, `assertAllUsed()` rejects placeholders no expression mentioned.
 *
 * DynamoDB's order, followed here: names empty → names key syntax → values empty → values key syntax
 * (all in the constructor) → values' contents (the caller's attribute-value validation, after
 * construction) → each expression in the order Update, Condition, KeyCondition, Filter, Projection →
 * unused names → unused values.
 */
export class ExpressionScope {
  readonly #names: Readonly<Record<string, string>> | undefined;
  readonly #values: Readonly<Record<string, AttributeValue>> | undefined;
  readonly #nameCount: number;
  readonly #valueCount: number;
  /** The placeholders resolved so far (names and values apart by their sigil), made at the first. */
  #used: Set<string> | undefined;
  #usedNames = 0;
  #usedValues = 0;

  constructor(names?: Record<string, string>, values?: Record<string, AttributeValue>) {
    checkPlaceholderMaps(names, values);
    // The request's own records, not copies: a Query allocated 3 KB of Maps, Sets and entries here
    // (docs/benchmarks.md, "Query's allocation, second pass"). Keys start with # or :, so no key is
    // one of Object.prototype's, and lookups check own properties anyway.
    this.#names = names;
    this.#values = values;
    this.#nameCount = countKeys(names);
    this.#valueCount = countKeys(values);
  }

  /** The attribute name behind `#ref`, marking it used; undefined when it is not defined. */
  name(ref: string): string | undefined {
    const names = this.#names;
    if (names === undefined || !Object.hasOwn(names, ref)) return undefined;
    if (this.#markUsed(ref)) this.#usedNames++;
    return names[ref];
  }

  /** The value behind `:ref`, marking it used; undefined when it is not defined. */
  value(ref: string): AttributeValue | undefined {
    const values = this.#values;
    if (values === undefined || !Object.hasOwn(values, ref)) return undefined;
    if (this.#markUsed(ref)) this.#usedValues++;
    return values[ref];
  }

  /** Throws DynamoDB's "unused" ValidationException for names first, then values. */
  assertAllUsed(): void {
    if (this.#usedNames < this.#nameCount) {
      throw tableErrors.validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${this.#unused(this.#names!)}}`);
    }
    if (this.#usedValues < this.#valueCount) {
      throw tableErrors.validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${this.#unused(this.#values!)}}`);
    }
  }

  /** Whether `ref` was not used before. */
  #markUsed(ref: string): boolean {
    const used = (this.#used ??= new Set());
    if (used.has(ref)) return false;
    used.add(ref);
    return true;
  }

  /** The keys of `map` never resolved, in the order given. */
  #unused(map: object): string {
    return Object.keys(map)
      .filter((key) => this.#used?.has(key) !== true)
      .join(', ');
  }
}

/**
 * The checks the scope makes of its maps, in DynamoDB's order: names empty, names' key syntax, the
 * names themselves, values empty, values' key syntax. Made alone where the values' contents are
 * checked next and the scope is built from the checked values (item-request.ts).
 */
export function checkPlaceholderMaps(names?: Record<string, string>, values?: Record<string, AttributeValue>): void {
  if (names !== undefined) {
    checkKeys('ExpressionAttributeNames', names, NAME_KEY);
    // Where among the other checks DynamoDB measures the names is unconfirmed; the text is measured.
    for (const key in names) checkAttributeName(names[key]!);
  }
  if (values !== undefined) checkKeys('ExpressionAttributeValues', values, VALUE_KEY);
}

function countKeys(map: object | undefined): number {
  let count = 0;
  for (const key in map) if (Object.hasOwn(map!, key)) count++;
  return count;
}

/** "Expression attribute name [or value] placeholders: 255 bytes", the prefix included (service quotas). */
const MAX_PLACEHOLDER_BYTES = 255;

/**
 * Unconfirmed wording: the text of DynamoDB Local's table of messages (PARAMETER_MAP_KEY_SIZE_EXCEEDED);
 * no recording of AWS's answer was found. Checked before the key's syntax, as ExtendDB#181 observed.
 */
const PLACEHOLDER_TOO_LONG = 'The expression attribute map contains a key that is too long';

function checkKeys(parameter: string, map: Record<string, unknown>, syntax: RegExp): void {
  let empty = true;
  for (const key in map) {
    empty = false;
    if (key.length > MAX_PLACEHOLDER_BYTES / 3 && Buffer.byteLength(key, 'utf8') > MAX_PLACEHOLDER_BYTES) {
      throw tableErrors.validation(PLACEHOLDER_TOO_LONG);
    }
    if (!syntax.test(key)) throw tableErrors.validation(`${parameter} contains invalid key: Syntax error; key: "${key}"`);
  }
  if (empty) throw tableErrors.validation(`${parameter} must not be empty`);
}
