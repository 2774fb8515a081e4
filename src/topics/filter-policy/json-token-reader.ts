import { InvalidFilterPolicyError } from './invalid-filter-policy-error.js';

/** Jackson's token kinds, as event-ruler's compiler (behind SNS filter policies) reads them. */
export type JsonToken =
  | 'START_OBJECT' | 'END_OBJECT' | 'START_ARRAY' | 'END_ARRAY' | 'FIELD_NAME'
  | 'STRING' | 'NUMBER' | 'TRUE' | 'FALSE' | 'NULL';

interface Scope {
  readonly kind: 'Object' | 'Array';
  entries: number;
  readonly line: number;
  readonly column: number;
}

const VALID_VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const SNIPPET = 500; // Jackson quotes at most this much of the source in a location
const MAX_DEPTH = 1000; // Jackson's default StreamReadConstraints nesting limit
const LITERAL = /[A-Za-z0-9_$]/;

/** Jackson's `_getCharDesc`: how a parse error names a character. */
function describe(char: string): string {
  const code = char.codePointAt(0)!;
  if (code < 32) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${String.fromCodePoint(code)}' (code ${code} / 0x${code.toString(16)})`;
  return `'${char}' (code ${code})`;
}

/**
 * A streaming JSON reader that consumes the policy text exactly as Jackson's `ReaderBasedJsonParser` does,
 * so that an error raised after a given token carries the `line`/`column` AWS reports (SEMANTICS §E.5: most
 * messages end with `\n at [Source: (String)"<policy>"; line: 1, column: N]`). Jackson's read-ahead is
 * reproduced: a field name is read together with its colon and the first token of its value (a whole
 * number or literal, only the opening quote of a string, the bracket of an array or object); a string's
 * content is consumed when its text is asked for, or skipped at the next token. Checked against the 29
 * [O] columns of LocalStack's AWS-validated filter-policy snapshots (see the tests).
 */
export class JsonTokenReader {
  readonly #text: string;
  #pos = 0;
  #line = 1;
  #lineStart = 0;
  #incomplete = false;
  #pending: JsonToken | undefined;
  #current: JsonToken | undefined;
  #name = '';
  #value = '';
  readonly #scopes: Scope[] = [];
  #rootDone = false;

  constructor(text: string) {
    this.#text = text;
  }

  /** Jackson's location suffix at the current read position. */
  location(): string {
    const text = this.#text;
    const truncated = text.length > SNIPPET ? `[truncated ${text.length - SNIPPET} chars]` : '';
    return `\n at [Source: (String)"${text.slice(0, SNIPPET)}"${truncated}; line: ${this.#line}, column: ${this.#pos - this.#lineStart + 1}]`;
  }

  /** Throws `reason` with the current location, as event-ruler's `barf` does. */
  fail(reason: string): never {
    throw new InvalidFilterPolicyError(`${reason}${this.location()}`);
  }

  #syntax(reason: string): never {
    throw new InvalidFilterPolicyError(`failed to parse JSON. ${reason}${this.location()}`);
  }

  /** The field name of the current FIELD_NAME token. */
  name(): string {
    return this.#name;
  }

  /** Jackson's `getText()`: reads a string value to its end; brackets give `[`, `]`, `{`, `}`. */
  text(): string {
    switch (this.#current) {
      case 'STRING':
        if (this.#incomplete) {
          this.#value = this.#readString('string value');
          this.#incomplete = false;
        }
        return this.#value;
      case 'FIELD_NAME': return this.#name;
      case 'START_ARRAY': return '[';
      case 'END_ARRAY': return ']';
      case 'START_OBJECT': return '{';
      case 'END_OBJECT': return '}';
      default: return this.#value;
    }
  }

  /** The next token, or undefined at the end of the document. */
  next(): JsonToken | undefined {
    if (this.#current === 'FIELD_NAME') {
      this.#current = this.#pending;
      this.#pending = undefined;
      return this.#current;
    }
    if (this.#incomplete) {
      this.#readString('string value');
      this.#incomplete = false;
    }
    this.#skipWhitespace();
    const scope = this.#scopes[this.#scopes.length - 1];
    if (this.#pos >= this.#text.length) {
      if (!scope) return (this.#current = undefined);
      this.#syntax(`Unexpected end-of-input: expected close marker for ${scope.kind} (start marker at ${this.#at(scope)})`);
    }
    let char = this.#text[this.#pos]!;
    if (scope && (char === ']' || char === '}')) {
      this.#pos++;
      const expected = scope.kind === 'Object' ? '}' : ']';
      if (char !== expected) this.#syntax(`Unexpected close marker '${char}': expected '${expected}' (for ${scope.kind} starting at ${this.#at(scope)})`);
      this.#scopes.pop();
      if (this.#scopes.length === 0) this.#rootDone = true;
      return (this.#current = char === '}' ? 'END_OBJECT' : 'END_ARRAY');
    }
    if (!scope && this.#rootDone) {
      this.#pos++;
      // Unconfirmed: AWS's text for content after the policy object.
      this.#syntax(`Unexpected character (${describe(char)}): expected end of input`);
    }
    if (scope && scope.entries > 0) {
      this.#pos++;
      if (char !== ',') this.#syntax(`Unexpected character (${describe(char)}): was expecting comma to separate ${scope.kind} entries`);
      this.#skipWhitespace();
      if (this.#pos >= this.#text.length) this.#syntax(`Unexpected end-of-input within/between ${scope.kind} entries`);
      char = this.#text[this.#pos]!;
    }
    if (scope) scope.entries++;
    if (scope?.kind !== 'Object') return (this.#current = this.#valueStart());
    this.#pos++;
    if (char !== '"') this.#syntax(`Unexpected character (${describe(char)}): was expecting double-quote to start field name`);
    this.#name = this.#readString('name');
    this.#skipWhitespace();
    const colon = this.#text[this.#pos];
    if (colon === undefined) this.#syntax('Unexpected end-of-input within/between Object entries');
    this.#pos++;
    if (colon !== ':') this.#syntax(`Unexpected character (${describe(colon)}): was expecting a colon to separate field name and value`);
    this.#skipWhitespace();
    if (this.#pos >= this.#text.length) this.#syntax('Unexpected end-of-input within/between Object entries');
    this.#pending = this.#valueStart();
    return (this.#current = 'FIELD_NAME');
  }

  #at(scope: Scope): string {
    const text = this.#text;
    const truncated = text.length > SNIPPET ? `[truncated ${text.length - SNIPPET} chars]` : '';
    return `[Source: (String)"${text.slice(0, SNIPPET)}"${truncated}; line: ${scope.line}, column: ${scope.column}]`;
  }

  #valueStart(): JsonToken {
    const text = this.#text;
    const char = text[this.#pos]!;
    if (this.#scopes.length === 0) this.#rootDone = true;
    if (char === '[' || char === '{') {
      const scope: Scope = { kind: char === '[' ? 'Array' : 'Object', entries: 0, line: this.#line, column: this.#pos - this.#lineStart + 1 };
      this.#pos++;
      if (this.#scopes.length >= MAX_DEPTH) {
        this.#syntax(`Document nesting depth (${MAX_DEPTH + 1}) exceeds the maximum allowed (${MAX_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`);
      }
      this.#scopes.push(scope);
      this.#rootDone = false;
      return char === '[' ? 'START_ARRAY' : 'START_OBJECT';
    }
    if (char === '"') {
      this.#pos++;
      this.#incomplete = true;
      return 'STRING';
    }
    if (char === '-' || (char >= '0' && char <= '9')) return this.#number();
    if (LITERAL.test(char)) {
      const start = this.#pos;
      while (this.#pos < text.length && LITERAL.test(text[this.#pos]!)) this.#pos++;
      const word = text.slice(start, this.#pos);
      this.#value = word;
      if (word === 'true') return 'TRUE';
      if (word === 'false') return 'FALSE';
      if (word === 'null') return 'NULL';
      this.#syntax(`Unrecognized token '${word}': was expecting ${VALID_VALUES}`);
    }
    this.#pos++;
    return this.#syntax(`Unexpected character (${describe(char)}): expected a valid value ${VALID_VALUES}`);
  }

  /** A JSON number, with Jackson's complaints about malformed ones. */
  #number(): JsonToken {
    const text = this.#text;
    const start = this.#pos;
    const digits = (): number => {
      const from = this.#pos;
      while (this.#pos < text.length && text[this.#pos]! >= '0' && text[this.#pos]! <= '9') this.#pos++;
      return this.#pos - from;
    };
    const unexpected = (what: string): never => {
      const char = text[this.#pos];
      if (char === undefined) this.#syntax(`Unexpected end-of-input in numeric value: ${what}`);
      this.#pos++;
      return this.#syntax(`Unexpected character (${describe(char)}) in numeric value: ${what}`);
    };
    if (text[this.#pos] === '-') this.#pos++;
    const intStart = this.#pos;
    if (digits() === 0) unexpected('expected digit (0-9) to follow minus sign, for valid numeric value');
    if (text[intStart] === '0' && this.#pos - intStart > 1) this.#syntax('Invalid numeric value: Leading zeroes not allowed');
    if (text[this.#pos] === '.') {
      this.#pos++;
      if (digits() === 0) unexpected('Decimal point not followed by a digit');
    }
    if (text[this.#pos] === 'e' || text[this.#pos] === 'E') {
      this.#pos++;
      if (text[this.#pos] === '+' || text[this.#pos] === '-') this.#pos++;
      if (digits() === 0) unexpected('Exponent indicator not followed by a digit');
    }
    this.#value = text.slice(start, this.#pos);
    return 'NUMBER';
  }

  /** Reads a string from after its opening quote through its closing quote, and decodes it. */
  #readString(what: 'name' | 'string value'): string {
    const text = this.#text;
    const start = this.#pos;
    let plain = true;
    for (;;) {
      const char = text[this.#pos];
      if (char === undefined) {
        this.#syntax(what === 'name' ? `Unexpected end-of-input: was expecting closing '"' for name` : 'Unexpected end-of-input: was expecting closing quote for a string value');
      }
      this.#pos++;
      if (char === '"') break;
      if (char === '\\') {
        plain = false;
        const escaped = text[this.#pos];
        if (escaped === undefined) this.#syntax(`Unexpected end-of-input in character escape sequence`);
        this.#pos++;
        if (escaped === 'u') {
          const hex = text.slice(this.#pos, this.#pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.#syntax('Unexpected character in character escape sequence: expected a hex-digit for character escape sequence');
          this.#pos += 4;
        } else if (!'"\\/bfnrt'.includes(escaped)) {
          this.#syntax(`Unrecognized character escape ${describe(escaped)}`);
        }
      } else if (char < ' ') {
        this.#syntax(`Illegal unquoted character (${describe(char)}): has to be escaped using backslash to be included in ${what}`);
      }
    }
    const raw = text.slice(start, this.#pos - 1);
    return plain ? raw : (JSON.parse(`"${raw}"`) as string);
  }

  #skipWhitespace(): void {
    const text = this.#text;
    while (this.#pos < text.length) {
      const char = text[this.#pos]!;
      if (char === ' ' || char === '\t') {
        this.#pos++;
      } else if (char === '\n' || char === '\r') {
        this.#pos++;
        if (char === '\r' && text[this.#pos] === '\n') this.#pos++;
        this.#line++;
        this.#lineStart = this.#pos;
      } else {
        return;
      }
    }
  }
}
