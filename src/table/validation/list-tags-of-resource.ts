import { checkInput } from './check-input.js';
import { resourceArnShape } from './resource-arn.js';
import { string, structure } from './shape.js';

export interface ListTagsOfResourceInput {
  ResourceArn: string;
  NextToken?: string;
}

export const listTagsOfResourceShape = structure('ListTagsOfResourceInput', {
  ResourceArn: resourceArnShape(),
  NextToken: string(),
});

export function validateListTagsOfResource(input: unknown): ListTagsOfResourceInput {
  return checkInput<ListTagsOfResourceInput>(input, listTagsOfResourceShape);
}
