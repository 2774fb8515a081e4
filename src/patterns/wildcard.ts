import { invalidPattern } from './invalid-event-pattern-error.js';

/**
 * Splits a wildcard pattern into the literal runs between its `*`s, validating it the way event-ruler's
 * wildcard parser does: `\*` is a literal `*`, `\\` a literal `\`, any other backslash is an error, and two
 * adjacent `*` are an error. Positions in the messages are UTF-8 byte offsets in the value with its JSON
 * quotes, as event-ruler reports them (`{"wildcard":"a**"}` → `Consecutive wildcard characters at pos 2`).
 */
export function parseWildcard(text: string): string[] {
  const chars = Array.from(text); // code points, so byte positions count a surrogate pair once
  const segments: string[] = [];
  let current = '';
  let position = 1; // byte offset in `"text"`: the opening quote is byte 0
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '*') {
      if (chars[i + 1] === '*') invalidPattern(`Consecutive wildcard characters at pos ${position}`);
      segments.push(current);
      current = '';
    } else if (char === '\\') {
      const next = chars[i + 1];
      if (next !== '*' && next !== '\\') invalidPattern(`Invalid escape character at pos ${position}`);
      current += next;
      i++;
      position++;
    } else {
      current += char;
    }
    position += Buffer.byteLength(char);
  }
  segments.push(current);
  return segments;
}

/**
 * A matcher for parsed wildcard segments. `*` matches any run of characters, including none; with one
 * literal run per gap, the leftmost-match scan is exact and linear, so no regular expression is needed
 * (and none can backtrack catastrophically).
 */
export function wildcardMatcher(segments: readonly string[]): (value: string) => boolean {
  if (segments.length === 1) {
    const only = segments[0]!;
    return (value) => value === only;
  }
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1).filter((segment) => segment !== '');
  const fixed = first.length + last.length;
  return (value) => {
    if (value.length < fixed || !value.startsWith(first) || !value.endsWith(last)) return false;
    let from = first.length;
    const end = value.length - last.length;
    for (const segment of middle) {
      const at = value.indexOf(segment, from);
      if (at === -1 || at + segment.length > end) return false;
      from = at + segment.length;
    }
    return true;
  };
}
