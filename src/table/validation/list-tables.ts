import { checkInput } from './check-input.js';
import { NAME_PATTERN } from './common-shapes.js';
import { integer, string, structure } from './shape.js';

export interface ListTablesInput {
  ExclusiveStartTableName?: string;
  Limit?: number;
}

export const listTablesShape = structure('ListTablesInput', {
  Limit: integer({ min: 1, max: 100 }),
  ExclusiveStartTableName: string({ pattern: NAME_PATTERN, minLength: 3, maxLength: 255 }),
});

export function validateListTables(input: unknown): ListTablesInput {
  return checkInput<ListTablesInput>(input, listTablesShape);
}
