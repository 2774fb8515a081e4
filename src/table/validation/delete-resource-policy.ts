import { checkInput } from './check-input.js';
import { policyRevisionIdShape } from './put-resource-policy.js';
import { resourceArnShape } from './resource-arn.js';
import { structure } from './shape.js';

export interface DeleteResourcePolicyInput {
  ResourceArn: string;
  ExpectedRevisionId?: string;
}

export const deleteResourcePolicyShape = structure('DeleteResourcePolicyInput', {
  ResourceArn: resourceArnShape(),
  ExpectedRevisionId: policyRevisionIdShape(),
});

export function validateDeleteResourcePolicy(input: unknown): DeleteResourcePolicyInput {
  return checkInput<DeleteResourcePolicyInput>(input, deleteResourcePolicyShape);
}
