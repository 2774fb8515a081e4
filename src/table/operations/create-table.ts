import { tableErrors } from '../errors.js';
import { kmsKeyArn } from '../kms-key-arn.js';
import { newTableDefinition } from '../new-table-definition.js';
import { tableDescription } from '../table-description.js';
import type { TableContext } from '../table-context.js';
import { validateCreateTable } from '../validation/create-table.js';

/**
 * CreateTable. Tables are usable at once, so the description says ACTIVE (AWS says CREATING for a
 * second or two; SDK waiters pass either way).
 */
export async function createTable(ctx: TableContext, input: unknown): Promise<unknown> {
  const request = validateCreateTable(input);
  const definition = newTableDefinition(request, ctx.clock.now(), (keyId) => kmsKeyArn(ctx.deployment, keyId));
  const entry = await ctx.catalog.create(definition);
  if (!entry) throw tableErrors.resourceInUse(`Table already exists: ${request.TableName}`);
  const empty = { itemCount: 0, sizeBytes: 0 };
  return { TableDescription: tableDescription(ctx.deployment, entry.definition, empty, 'ACTIVE', new Map(), { creating: true }) };
}
