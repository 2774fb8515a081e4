import { tableErrors } from '../errors.js';
import { checkInput } from './check-input.js';
import { resourceArnShape } from './resource-arn.js';
import { structure } from './shape.js';
import { tagsShape, type Tag } from './table-shapes.js';
import { checkTags, type StoredTag } from './tag-rules.js';

export interface TagResourceInput {
  ResourceArn: string;
  Tags: Tag[];
}

export const tagResourceShape = structure('TagResourceInput', {
  ResourceArn: resourceArnShape(),
  Tags: tagsShape({ notNull: true }),
});

/** TagResource's checks; the ARN itself is resolved against the deployment by the operation. */
export function validateTagResource(input: unknown): { ResourceArn: string; tags: StoredTag[] } {
  const request = checkInput<TagResourceInput>(input, tagResourceShape);
  if (request.Tags.length === 0) throw tableErrors.validation('Atleast one Tag needs to be provided as Input.');
  return { ResourceArn: request.ResourceArn, tags: checkTags(request.Tags) };
}
