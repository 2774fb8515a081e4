import { topicsErrors } from './topics-errors.js';

/** SNS's list pages hold 100 items [SEMANTICS E.2]. */
export const PAGE_SIZE = 100;

/** An opaque NextToken (base64 of the last position given, as AWS's are base64 [M][O]). */
export const nextToken = (position: string | number): string => Buffer.from(`v1:${position}`, 'utf8').toString('base64');

/** The position a NextToken carries; anything not made by nextToken is `Invalid parameter: NextToken` (wording unconfirmed). */
export function positionOf(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith('v1:') || nextToken(text.slice(3)) !== token) throw topicsErrors.invalidParameter('Invalid parameter: NextToken');
  return text.slice(3);
}
