import { MAX_JSON_DEPTH, jsonDepthExceeds, mayExceedDepth } from '../../shared/json-depth.js';
import { checkJsonText } from '../input/json-text.js';
import { isJsonObject, type JsonValue } from '../input/json-value.js';

/** A PutEvents Detail read: the object rules match against, and the JSON text targets receive. */
export interface EventDetail {
  readonly detail: { readonly [key: string]: JsonValue };
  readonly json: string;
}

/** Sixteen digits in a row: maybe an integer beyond 2^53, which a parse into doubles would round. */
const LONG_DIGITS = /\d{16}/;

/**
 * Reads a Detail, or undefined when EventBridge answers MalformedDetail: text that is not JSON, or JSON
 * that is not an object (a string, an array, a JSON-encoded string — observed). A detail nested deeper
 * than 1,000 levels is refused too: AWS documents that PutEvents "will only process nested JSON up to
 * 1000 levels deep" (what it answers beyond is unconfirmed; Eddy's walkers must not recurse unbounded).
 *
 * Targets receive the detail minified. The text is re-serialised from the parsed value (fast, native),
 * except when it holds a run of 16 or more digits: then every token is kept as written, so a 64-bit
 * integer (AWS accepts signed 64-bit integers) reaches the target exactly. Whether AWS re-serialises
 * numbers such as `1.0` is unconfirmed.
 */
export function readDetail(text: string): EventDetail | undefined {
  let detail: unknown;
  try {
    detail = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(detail)) return undefined;
  if (mayExceedDepth(text.length) && jsonDepthExceeds(detail, MAX_JSON_DEPTH)) return undefined;
  if (LONG_DIGITS.test(text)) {
    const checked = checkJsonText(text);
    if (checked.valid) return { detail, json: checked.minified };
  }
  return { detail, json: JSON.stringify(detail) };
}
