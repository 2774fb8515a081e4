/**
 * Where a placeholder sits in a template, which decides how its value is written:
 * - `value`: a JSON value position of a JSON template (`{"id": <id>}`): the value as JSON;
 * - `string`: inside a quoted string of a JSON template (`{"text": "Order <id>"}`): the value as text;
 * - `key`: an object key of a JSON template, which AWS does not allow (rendered as text);
 * - `text`: anywhere in a template that is not a JSON object (`"Order <id> shipped"`): the value as text.
 */
export type PlaceholderPosition = 'value' | 'string' | 'key' | 'text';

export interface Placeholder {
  /** The name between the angle brackets: `id`, `aws.events.rule-name`, `$.detail.id` for Pipes. */
  readonly name: string;
  readonly position: PlaceholderPosition;
}

/**
 * An input template split into literal text and placeholders, parsed once (PutTargets, CreatePipe).
 * `json`: the template is a JSON object — its first non-blank character is `{`. AWS draws the line
 * there: `{"e": <aws.events.event.json>}` is accepted where `[<aws.events.event.json>]` is refused as
 * not a JSON template (measured by a third party on PutTargets, 2026-09), so an array or a quoted string
 * is a text template.
 */
export interface InputTemplate {
  readonly text: string;
  readonly json: boolean;
  readonly parts: readonly (string | Placeholder)[];
}

/** EventBridge placeholder names: InputPathsMap keys (`[A-Za-z0-9_-]+`) and the dotted reserved names. */
export const EVENTS_PLACEHOLDER_NAME = /[A-Za-z0-9_.\-]+/;

/**
 * Splits `text` into literal runs and `<name>` placeholders, `name` matching `placeholderName`; a `<`
 * not starting one (`a < b`, `</b>`) is literal. In a JSON template the scan follows strings (with
 * their escapes), objects and arrays just far enough to know each placeholder's position; it does not
 * check the template's syntax — whatever renders is checked as a whole (`renderTemplate`).
 */
export function parseInputTemplate(text: string, placeholderName: RegExp = EVENTS_PLACEHOLDER_NAME): InputTemplate {
  const placeholder = new RegExp(`<(${placeholderName.source})>`, 'y');
  const json = /^[ \t\n\r]*\{/.test(text);
  const parts: (string | Placeholder)[] = [];
  const scope = new JsonScope();
  let literalStart = 0;
  let at = 0;
  while (at < text.length) {
    const char = text[at]!;
    if (char === '<') {
      placeholder.lastIndex = at;
      const match = placeholder.exec(text);
      if (match) {
        if (at > literalStart) parts.push(text.slice(literalStart, at));
        parts.push({ name: match[1]!, position: json ? scope.position() : 'text' });
        at = literalStart = placeholder.lastIndex;
        continue;
      }
    }
    if (json) at = scope.read(text, at);
    else at++;
  }
  if (text.length > literalStart) parts.push(text.slice(literalStart));
  return { text, json, parts };
}

/** The placeholders of a template, each name once, in order of first use. */
export function placeholderNames(template: InputTemplate): string[] {
  const names = new Set<string>();
  for (const part of template.parts) if (typeof part !== 'string') names.add(part.name);
  return [...names];
}

/** Just enough of a JSON reader to tell value positions, keys and string contents apart. */
class JsonScope {
  /** The open objects and arrays, innermost last; `expectingKey`: an object whose next token is a member name. */
  readonly #open: { readonly object: boolean; expectingKey: boolean }[] = [];
  #inString = false;
  #stringIsKey = false;

  position(): PlaceholderPosition {
    if (this.#inString) return this.#stringIsKey ? 'key' : 'string';
    return this.#open.at(-1)?.expectingKey ? 'key' : 'value';
  }

  /** Reads the character at `at`; returns where to continue. */
  read(text: string, at: number): number {
    const char = text[at];
    if (this.#inString) {
      if (char === '\\') return at + 2;
      if (char === '"') this.#inString = false;
      return at + 1;
    }
    const innermost = this.#open.at(-1);
    switch (char) {
      case '"':
        this.#inString = true;
        this.#stringIsKey = innermost?.expectingKey === true;
        break;
      case '{':
      case '[':
        this.#open.push({ object: char === '{', expectingKey: char === '{' });
        break;
      case '}':
      case ']':
        this.#open.pop();
        break;
      case ':':
        if (innermost) innermost.expectingKey = false;
        break;
      case ',':
        // In an object a comma starts the next member; in an array, the next element.
        if (innermost) innermost.expectingKey = innermost.object;
        break;
    }
    return at + 1;
  }
}
