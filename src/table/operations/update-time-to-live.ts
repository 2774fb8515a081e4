import type { TableContext } from '../table-context.js';
import { tableErrors } from '../errors.js';

// Placeholder until the operation lands.
export async function updateTimeToLive(_ctx: TableContext, _input: unknown): Promise<unknown> {
  throw tableErrors.internal('UpdateTimeToLive is not implemented yet');
}
