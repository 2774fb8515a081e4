import { checkInput } from './check-input.js';
import { controlTableNameShape } from './common-shapes.js';
import { structure } from './shape.js';

export interface DescribeTimeToLiveInput {
  TableName: string;
}

export const describeTimeToLiveShape = structure('DescribeTimeToLiveInput', { TableName: controlTableNameShape() });

export function validateDescribeTimeToLive(input: unknown): DescribeTimeToLiveInput {
  return checkInput<DescribeTimeToLiveInput>(input, describeTimeToLiveShape);
}
