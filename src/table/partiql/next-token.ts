import type { AttributeMap } from '../values/attribute-value.js';
import { normalizeItem } from '../values/validate-item.js';
import { partiqlErrors } from './partiql-errors.js';

/**
 * ExecuteStatement's NextToken: opaque to clients, here the page's LastEvaluatedKey as base64 JSON.
 * It is replayed with the same statement and parameters, so it names only where to resume.
 */
export function encodeNextToken(lastEvaluatedKey: AttributeMap): string {
  return Buffer.from(JSON.stringify({ k: lastEvaluatedKey })).toString('base64');
}

/** The key a NextToken resumes after; anything Eddy did not issue is refused. */
export function decodeNextToken(token: string): AttributeMap {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { k?: unknown };
    const key = decoded.k;
    if (key === null || typeof key !== 'object' || Array.isArray(key)) throw new Error('no key');
    return normalizeItem(key as AttributeMap);
  } catch {
    throw partiqlErrors.invalidNextToken();
  }
}
