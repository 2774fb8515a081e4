import { checkInput } from './check-input.js';
import { resourceArnShape } from './resource-arn.js';
import { structure } from './shape.js';

export interface GetResourcePolicyInput {
  ResourceArn: string;
}

export const getResourcePolicyShape = structure('GetResourcePolicyInput', { ResourceArn: resourceArnShape() });

export function validateGetResourcePolicy(input: unknown): GetResourcePolicyInput {
  return checkInput<GetResourcePolicyInput>(input, getResourcePolicyShape);
}
