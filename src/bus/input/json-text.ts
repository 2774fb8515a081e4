/**
 * Strict JSON text (RFC 8259, as Jackson reads it by default: no comments, trailing commas, single
 * quotes, leading zeros or raw control characters in strings), checked and minified in one pass.
 * EventBridge minifies what a JSON input template renders ("The JSON that is passed to the target is
 * minified", eb-transform-target-input) and drops it when it is not JSON. Minifying keeps every token's
 * text (`1.0` stays `1.0`, `\u0041` stays escaped), which a parse and re-serialise would not.
 */
export type JsonTextCheck =
  | { readonly valid: true; readonly minified: string }
  /** `offset`: characters read when the error was found, just past the offending character or word. */
  | { readonly valid: false; readonly offset: number };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;
const WORD = /[A-Za-z0-9_$]+/y;
const WHITESPACE = /[ \t\n\r]*/y;

const OBJECT = 0;
const ARRAY = 1;

export function checkJsonText(text: string): JsonTextCheck {
  const out: string[] = [];
  const containers: number[] = [];
  let at = 0;
  const skipWhitespace = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const fail = (offset: number): JsonTextCheck => ({ valid: false, offset: Math.min(offset, text.length) });
  const readString = (): boolean => {
    STRING_BODY.lastIndex = at + 1;
    STRING_BODY.exec(text);
    const end = STRING_BODY.lastIndex;
    if (text[end] !== '"') {
      at = end + 1;
      return false;
    }
    out.push(text.slice(at, end + 1));
    at = end + 1;
    return true;
  };

  // Each turn reads one value (opening a container counts as starting one), then what follows it.
  for (;;) {
    skipWhitespace();
    const char = text[at];
    if (char === '{' || char === '[') {
      out.push(char);
      at++;
      skipWhitespace();
      const close = char === '{' ? '}' : ']';
      if (text[at] === close) {
        out.push(close);
        at++;
      } else {
        containers.push(char === '{' ? OBJECT : ARRAY);
        if (char === '{' && !readMemberName()) return fail(at);
        continue;
      }
    } else if (char === '"') {
      if (!readString()) return fail(at);
    } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      NUMBER.lastIndex = at;
      const number = NUMBER.exec(text);
      if (!number) return fail(at + 1);
      out.push(number[0]);
      at = NUMBER.lastIndex;
      if (/[0-9.eE+\-]/.test(text[at] ?? '')) return fail(at + 1);
    } else if (char !== undefined && /[A-Za-z_$]/.test(char)) {
      WORD.lastIndex = at;
      const word = WORD.exec(text)![0];
      at = WORD.lastIndex;
      if (word !== 'true' && word !== 'false' && word !== 'null') return fail(at);
      out.push(word);
    } else {
      return fail(at + 1);
    }

    // After a value: close containers, or a separator and the next member or element.
    for (;;) {
      skipWhitespace();
      const top = containers.at(-1);
      if (top === undefined) return at === text.length ? { valid: true, minified: out.join('') } : fail(at + 1);
      const next = text[at];
      if (next === ',') {
        out.push(',');
        at++;
        if (top === OBJECT && !readMemberName()) return fail(at);
        break;
      }
      if (next === (top === OBJECT ? '}' : ']')) {
        out.push(next);
        at++;
        containers.pop();
        continue;
      }
      return fail(at + 1);
    }
  }

  /** A member name and its colon, leaving `at` on the value. */
  function readMemberName(): boolean {
    skipWhitespace();
    if (text[at] !== '"' || !readString()) {
      if (at < text.length && text[at] !== '"') at++;
      return false;
    }
    skipWhitespace();
    if (text[at] !== ':') {
      at++;
      return false;
    }
    out.push(':');
    at++;
    return true;
  }
}

/** Whether `text` is one strict JSON value (whitespace around it allowed). */
export const isJsonText = (text: string): boolean => checkJsonText(text).valid;
