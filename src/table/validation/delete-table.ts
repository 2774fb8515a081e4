import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { structure } from './shape.js';

export interface DeleteTableInput {
  TableName: string;
}

export const deleteTableShape = structure('DeleteTableInput', { TableName: controlTableNameShape() });

export function validateDeleteTable(input: unknown): DeleteTableInput {
  return checkInput<DeleteTableInput>(input, deleteTableShape);
}
