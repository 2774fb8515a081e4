import { busErrors } from './bus-errors.js';

/** What a List action returns when Limit is not given (AWS's default page size is unconfirmed). */
export const DEFAULT_PAGE = 100;

/**
 * One page of `items`, which are sorted by `keyOf` (names: ASCII by their patterns, so JS order is byte
 * order). The token is opaque to clients: the last key returned, so a page stays right when items are
 * added or removed between calls.
 */
export function pageByName<T>(items: readonly T[], keyOf: (item: T) => string, limit: number | undefined, token: string | undefined): { page: T[]; next?: string } {
  const after = token === undefined ? undefined : readToken(token, 'after');
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) > after);
  const rest = start === -1 ? [] : items.slice(start);
  const size = limit ?? DEFAULT_PAGE;
  if (rest.length <= size) return { page: rest };
  const page = rest.slice(0, size);
  return { page, next: writeToken('after', keyOf(page[page.length - 1]!)) };
}

/** One page of items kept in their own order (a rule's targets): the token is the position after the page. */
export function pageByPosition<T>(items: readonly T[], limit: number | undefined, token: string | undefined): { page: T[]; next?: string } {
  const from = token === undefined ? 0 : Number(readToken(token, 'offset'));
  const size = limit ?? DEFAULT_PAGE;
  const page = items.slice(from, from + size);
  return from + size < items.length ? { page, next: writeToken('offset', String(from + size)) } : { page };
}

const writeToken = (kind: string, value: string): string => Buffer.from(JSON.stringify({ [kind]: value })).toString('base64url');

/** A token this server wrote, or ValidationException (wording unconfirmed). */
function readToken(token: string, kind: 'after' | 'offset'): string {
  let value: unknown;
  try {
    value = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>)[kind];
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || (kind === 'offset' && !/^\d{1,9}$/.test(value))) {
    throw busErrors.validation('The NextToken provided is not valid.');
  }
  return value;
}
