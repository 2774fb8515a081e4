import { tableErrors } from '../errors.js';
import { checkInput } from './check-input.js';
import { resourceArnShape } from './resource-arn.js';
import { list, string, structure } from './shape.js';
import { checkTagKey, MAX_TAGS_PER_RESOURCE, tooManyTags } from './tag-rules.js';

export interface UntagResourceInput {
  ResourceArn: string;
  TagKeys: string[];
}

export const untagResourceShape = structure('UntagResourceInput', {
  ResourceArn: resourceArnShape(),
  TagKeys: list(string(), { notNull: true }),
});

export function validateUntagResource(input: unknown): UntagResourceInput {
  const request = checkInput<UntagResourceInput>(input, untagResourceShape);
  if (request.TagKeys.length === 0) throw tableErrors.validation('Atleast one Tag Key needs to be provided as Input.');
  for (const key of request.TagKeys) checkTagKey(key);
  // AWS applies the 50-tag limit to the number of keys to remove as well.
  if (request.TagKeys.length > MAX_TAGS_PER_RESOURCE) throw tooManyTags();
  return request;
}
