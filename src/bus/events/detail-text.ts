import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../../shared/json-depth.js';
import { isJsonObject, type JsonValue } from '../input/json-value.js';

/** A PutEvents Detail read: the object rules match against, and the JSON text targets receive. */
export interface EventDetail {
  readonly detail: { readonly [key: string]: JsonValue };
  readonly json: string;
}

/** JSON's whitespace, and UTF-16 surrogates (a lone one is escaped): what a detail may need minifying for. */
const NEEDS_MINIFYING = /[\t\n\r \ud800-\udfff]/;

/**
 * Reads a Detail, or undefined when EventBridge answers MalformedDetail: text that is not JSON, or JSON
 * that is not an object (a string, an array, a JSON-encoded string — observed). A detail nested deeper
 * than 1,000 levels is refused too: AWS documents that PutEvents "will only process nested JSON up to
 * 1000 levels deep" (what it answers beyond is unconfirmed; Eddy's walkers must not recurse unbounded).
 *
 * Targets receive the detail minified, every token as written: a 64-bit integer (AWS accepts signed
 * 64-bit integers) reaches the target exactly, `1.0` stays `1.0` and members keep their order. Whether
 * AWS re-serialises numbers such as `1.0` is unconfirmed. A detail sent minified, as the SDKs'
 * JSON.stringify and most producers send it, is kept as it is, with no second pass over it.
 * `parsed`: JSON.parse(text), when the caller has it already (a pipe's record), so it is not parsed twice.
 */
export function readDetail(text: string, parsed?: JsonValue): EventDetail | undefined {
  let detail: unknown = parsed;
  if (parsed === undefined) {
    try {
      detail = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (!isJsonObject(detail)) return undefined;
  if (mayExceedDepth(text.length) && jsonDepthExceeds(detail, MAX_JSON_DEPTH)) return undefined;
  return { detail, json: NEEDS_MINIFYING.test(text) ? minifyJson(text) : text };
}

/**
 * Valid JSON text without the whitespace between its tokens, the tokens as written; a lone surrogate
 * in a string is escaped (`\udc00`, as JSON.stringify writes it), so the text stays well-formed UTF-16
 * and survives UTF-8 storage.
 */
export function minifyJson(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // an escape: the character after the backslash is ASCII, never a quote ending the string
      else if (c === 0x22) inString = false;
      else if (c >= 0xd800 && c <= 0xdfff) {
        const next = text.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
        else {
          out += `${text.slice(from, i)}\\u${c.toString(16)}`;
          from = i + 1;
        }
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}
