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
  readonly #names: ReadonlyMap<string, string>;
  readonly #values: ReadonlyMap<string, AttributeValue>;
  readonly #unusedNames: Set<string>;
  readonly #unusedValues: Set<string>;

  constructor(names?: Record<string, string>, values?: Record<string, AttributeValue>) {
    if (names !== undefined) {
      checkKeys('ExpressionAttributeNames', names, NAME_KEY);
      // Where among the other checks DynamoDB measures the names is unconfirmed; the text is measured.
      for (const key in names) checkAttributeName(names[key]!);
    }
    if (values !== undefined) checkKeys('ExpressionAttributeValues', values, VALUE_KEY);
    this.#names = new Map(Object.entries(names ?? {}));
    this.#values = new Map(Object.entries(values ?? {}));
    this.#unusedNames = new Set(this.#names.keys());
    this.#unusedValues = new Set(this.#values.keys());
  }

  /** The attribute name behind `#ref`, marking it used; undefined when it is not defined. */
  name(ref: string): string | undefined {
    const name = this.#names.get(ref);
    if (name !== undefined) this.#unusedNames.delete(ref);
    return name;
  }

  /** The value behind `:ref`, marking it used; undefined when it is not defined. */
  value(ref: string): AttributeValue | undefined {
    const value = this.#values.get(ref);
    if (value !== undefined) this.#unusedValues.delete(ref);
    return value;
  }

  /** Throws DynamoDB's "unused" ValidationException for names first, then values. */
  assertAllUsed(): void {
    if (this.#unusedNames.size > 0) {
      throw tableErrors.validation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${[...this.#unusedNames].join(', ')}}`,
      );
    }
    if (this.#unusedValues.size > 0) {
      throw tableErrors.validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${[...this.#unusedValues].join(', ')}}`,
      );
    }
  }
}

/** "Expression attribute name [or value] placeholders: 255 bytes", the prefix included (service quotas). */
const MAX_PLACEHOLDER_BYTES = 255;

/**
 * Unconfirmed wording: the text of DynamoDB Local's table of messages (PARAMETER_MAP_KEY_SIZE_EXCEEDED);
 * no recording of AWS's answer was found. Checked before the key's syntax, as ExtendDB#181 observed.
 */
const PLACEHOLDER_TOO_LONG = 'The expression attribute map contains a key that is too long';

function checkKeys(parameter: string, map: Record<string, unknown>, syntax: RegExp): void {
  const keys = Object.keys(map);
  if (keys.length === 0) throw tableErrors.validation(`${parameter} must not be empty`);
  for (const key of keys) {
    if (key.length > MAX_PLACEHOLDER_BYTES / 3 && Buffer.byteLength(key, 'utf8') > MAX_PLACEHOLDER_BYTES) {
      throw tableErrors.validation(PLACEHOLDER_TOO_LONG);
    }
    if (!syntax.test(key)) throw tableErrors.validation(`${parameter} contains invalid key: Syntax error; key: "${key}"`);
  }
}
