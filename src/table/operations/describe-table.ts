import type { TableContext } from '../table-context.js';
import { tableErrors } from '../errors.js';

// Placeholder until the operation lands.
export async function describeTable(_ctx: TableContext, _input: unknown): Promise<unknown> {
  throw tableErrors.internal('DescribeTable is not implemented yet');
}
