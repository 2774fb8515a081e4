import type { TableContext } from '../table-context.js';
import { tableErrors } from '../errors.js';

// Placeholder until the operation lands.
export async function describeTimeToLive(_ctx: TableContext, _input: unknown): Promise<unknown> {
  throw tableErrors.internal('DescribeTimeToLive is not implemented yet');
}
