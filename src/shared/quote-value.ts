/** At most this many characters of a request value are quoted in an error message. */
export const MAX_QUOTED_CHARS = 1024;

export interface QuoteOptions {
  /** Characters kept before "..." (default MAX_QUOTED_CHARS). */
  max?: number;
  /** 'json' (default): JSON text. 'list': DynamoDB's constraint style, lists as `[a, b]` and strings bare. */
  style?: 'json' | 'list';
}

/**
 * A bad value as an error message quotes it, cut after `max` characters with "...". It never does
 * more work than the quote is long, whatever the value's size or depth: a 15 MB string or a
 * 10,000-deep object costs the same as a short one (AWS quotes a bounded prefix too).
 */
export function quoteValue(value: unknown, options: QuoteOptions = {}): string {
  const quote = new Quote(options.max ?? MAX_QUOTED_CHARS);
  write(value, quote, options.style ?? 'json');
  return quote.text();
}

class Quote {
  readonly #max: number;
  readonly #parts: string[] = [];
  #length = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** Past the limit: nothing more shows. */
  get full(): boolean {
    return this.#length > this.#max;
  }

  /** Characters that can still show, plus one to know that the text was cut. */
  get room(): number {
    return this.#max + 1 - this.#length;
  }

  add(text: string): void {
    if (this.full) return;
    const part = text.length > this.room ? text.slice(0, this.room) : text;
    this.#parts.push(part);
    this.#length += part.length;
  }

  /** A JSON string literal, built from no more of `text` than can show. */
  addString(text: string): void {
    this.add(JSON.stringify(text.length > this.room ? text.slice(0, this.room) : text));
  }

  text(): string {
    const joined = this.#parts.join('');
    return this.full ? `${joined.slice(0, this.#max)}...` : joined;
  }
}

// Recursion depth is bounded by the quote's length: every level adds at least one character.
function write(value: unknown, quote: Quote, style: 'json' | 'list'): void {
  if (quote.full) return;
  if (value === undefined || value === null) return quote.add('null');
  if (typeof value === 'string') return style === 'list' ? quote.add(value) : quote.addString(value);
  if (typeof value !== 'object') return quote.add(String(value));
  if (Array.isArray(value)) {
    quote.add('[');
    for (let i = 0; i < value.length && !quote.full; i++) {
      if (i > 0) quote.add(style === 'list' ? ', ' : ',');
      write(value[i], quote, style);
    }
    return quote.add(']');
  }
  quote.add('{');
  let first = true;
  for (const key in value) {
    if (quote.full) break;
    const member = (value as Record<string, unknown>)[key];
    if (!Object.hasOwn(value, key) || member === undefined) continue;
    if (!first) quote.add(',');
    first = false;
    quote.addString(key);
    quote.add(':');
    // A structure is quoted as JSON in either style, members included.
    write(member, quote, 'json');
  }
  quote.add('}');
}
