import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { structure } from './shape.js';

export interface DescribeContinuousBackupsInput {
  /** A table name or ARN. */
  TableName: string;
}

export const describeContinuousBackupsShape = structure('DescribeContinuousBackupsInput', { TableName: controlTableNameShape() });

export function validateDescribeContinuousBackups(input: unknown): DescribeContinuousBackupsInput {
  return checkInput<DescribeContinuousBackupsInput>(input, describeContinuousBackupsShape);
}
