import { checkInput } from './check-input.js';
import { checkPolicyDocument } from './policy-document.js';
import { resourceArnShape } from './resource-arn.js';
import { boolean, string, structure } from './shape.js';

export interface PutResourcePolicyInput {
  ResourceArn: string;
  Policy: string;
  ExpectedRevisionId?: string;
  /** Accepted and ignored: Eddy does not enforce policies, so no one can lock themselves out. */
  ConfirmRemoveSelfResourceAccess?: boolean;
}

/** PolicyRevisionId in AWS's model: 1-255 characters. */
export const policyRevisionIdShape = () => string({ minLength: 1, maxLength: 255 });

export const putResourcePolicyShape = structure('PutResourcePolicyInput', {
  ResourceArn: resourceArnShape(),
  Policy: string({ notNull: true }),
  ExpectedRevisionId: policyRevisionIdShape(),
  ConfirmRemoveSelfResourceAccess: boolean(),
});

/** PutResourcePolicy's checks; the ARN is resolved against the deployment by the operation. */
export function validatePutResourcePolicy(input: unknown): PutResourcePolicyInput {
  const request = checkInput<PutResourcePolicyInput>(input, putResourcePolicyShape);
  checkPolicyDocument(request.Policy);
  return request;
}
