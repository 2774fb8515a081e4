import { parseProjection, type Projection } from './projection.js';
import type { ExpressionScope } from './scope.js';
import { ParseCache } from './parse-cache.js';
import { tokenize } from './tokenizer.js';

/**
 * ProjectionExpression's paths, kept by the text and the request's whole ExpressionAttributeNames: a
 * projection has no values, so with the same text and the same names its parse, its checks (reserved
 * words, undefined names, clashing paths) and its paths are the same. Only a projection that parsed
 * without error is kept; an invalid one is parsed afresh every time. A kept one marks its `#name`
 * placeholders used in the request's scope, as the parser does. Its paths are frozen and shared by the
 * requests that use them (projectItem also keeps its tree by the path list).
 */

/** Text and names kept at most (each key at most 4 KB of text and its names). */
export const PROJECTION_TEXTS = 256;
const kept = new ParseCache<{ readonly paths: Projection; readonly refs: readonly string[] }>(PROJECTION_TEXTS);

export function projectionOf(text: string, scope: ExpressionScope, names: Record<string, string> | undefined): Projection {
  // JSON holds no raw NUL, so the first one ends the names: no text and names can make another's key.
  const key = `${names === undefined ? '' : JSON.stringify(names)}\u0000${text}`;
  const hit = kept.get(key);
  if (hit !== undefined) {
    for (let i = 0; i < hit.refs.length; i++) scope.name(hit.refs[i]!); // indexed: for-of over a frozen array allocates
    return hit.paths;
  }
  const parsed = parseProjection(text, scope);
  const refs = [...new Set(tokenize(text).flatMap((token) => (token.type === 'nameRef' ? [token.text] : [])))];
  kept.keep(key, { paths: parsed, refs });
  return parsed;
}

/** How many projections are kept (for tests). */
export function keptProjections(): number {
  return kept.size;
}
