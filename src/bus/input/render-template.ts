import type { InputTemplate, PlaceholderPosition } from './input-template.js';
import { checkJsonText, isJsonText } from './json-text.js';
import type { JsonValue } from './json-value.js';

/**
 * A placeholder's value: what its path selects, a reserved variable's value, or undefined when the
 * path selects nothing. EventBridge resolves InputPathsMap names and `aws.events.*`; Pipes resolves
 * `$.…` paths and `aws.pipes.*` with the same renderer.
 */
export type PlaceholderResolver = (name: string) => JsonValue | undefined;

/**
 * What a template renders to. `text` is the payload; `json` says whether it is one JSON value (a text
 * template may render to anything). A JSON template whose rendering is not JSON is `invalid-json`:
 * EventBridge drops such a delivery (an object substituted inside quotes, observed on SQS targets).
 */
export type RenderedTemplate =
  | { readonly kind: 'rendered'; readonly text: string; readonly json: boolean }
  | { readonly kind: 'invalid-json'; readonly text: string };

/**
 * Fills a parsed template's placeholders (SEMANTICS C.7.2):
 * - value position of a JSON template: the value as JSON — a string quoted (`{"id": <id>}` and
 *   `{"id": "<id>"}` both give `{"id":"ord-7781"}`), numbers, booleans, objects and arrays as they are;
 * - inside a string of a JSON template: the value's text, never escaped — strings raw, numbers and
 *   booleans as written, objects and arrays as raw JSON, whose quotes then break the string: the
 *   rendering is not JSON and the delivery is dropped, as observed on AWS;
 * - in a text template (a quoted string, an array, free text): strings raw, objects and arrays as JSON
 *   with every quote removed (`"<payload>"` gives `"{acc_id:0a78,sf_id:baz}"`, an array
 *   `"[ACTIVE,INACTIVE]"`; Pipes documents `{"key": "value"}` becoming `{key: value}` the same way);
 * - a path that selects nothing: an empty string everywhere, so `""` in value position;
 * - every occurrence of a placeholder is filled.
 * A JSON template's result is minified when it is JSON, as AWS delivers it; a text template's result is
 * delivered as rendered (a template `"Order <id>"` gives the JSON string `"Order ord-7781"`).
 */
export function renderTemplate(template: InputTemplate, resolve: PlaceholderResolver): RenderedTemplate {
  const values = new Map<string, JsonValue | undefined>();
  const pieces: string[] = [];
  for (const part of template.parts) {
    if (typeof part === 'string') {
      pieces.push(part);
      continue;
    }
    if (!values.has(part.name)) values.set(part.name, resolve(part.name));
    pieces.push(writeValue(values.get(part.name), part.position));
  }
  const text = pieces.join('');
  if (!template.json) return { kind: 'rendered', text, json: isJsonText(text) };
  const check = checkJsonText(text);
  return check.valid ? { kind: 'rendered', text: check.minified, json: true } : { kind: 'invalid-json', text };
}

/** How a value is written at a position. */
export function writeValue(value: JsonValue | undefined, position: PlaceholderPosition): string {
  if (position === 'value') return value === undefined ? '""' : JSON.stringify(value);
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return position === 'text' && typeof value === 'object' && value !== null ? json.replaceAll('"', '') : json;
}
