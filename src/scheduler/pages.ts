import { schedulerErrors } from './scheduler-errors.js';

/** A page of `items` (sorted by `keyOf`) after the NextToken's key, at most `max`; the token is the last key given, opaque. */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, max: number | undefined, token: string | undefined): { page: T[]; next?: string } {
  let after: string | undefined;
  if (token !== undefined) {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (Buffer.from(after, 'utf8').toString('base64url') !== token) throw schedulerErrors.validation('Invalid NextToken.');
  }
  const rest = after === undefined ? items : items.filter((item) => keyOf(item) > after!);
  const limit = max ?? 100;
  const page = rest.slice(0, limit);
  return rest.length > limit ? { page, next: Buffer.from(keyOf(page.at(-1)!), 'utf8').toString('base64url') } : { page };
}

/** Epoch ms as Scheduler's wire writes timestamps: epoch seconds. */
export const wireTime = (ms: number): number => ms / 1000;
