import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { structure } from './shape.js';

export interface DescribeTableInput {
  TableName: string;
}

export const describeTableShape = structure('DescribeTableInput', { TableName: controlTableNameShape() });

export function validateDescribeTable(input: unknown): DescribeTableInput {
  return checkInput<DescribeTableInput>(input, describeTableShape);
}
